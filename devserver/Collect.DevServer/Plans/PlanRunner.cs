using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Collect.DevServer.Data;
using Collect.DevServer.Http;
using Collect.DevServer.Schema;
using Collect.DevServer.Sockets;

namespace Collect.DevServer.Plans;

/// <summary>
/// Runs one contact plan job. All its writes go through one SQLite transaction (opened at its first
/// write step): the job commits only when its last step is done; an answer that ends it early, a
/// prompt timeout (408), a missing or closed socket (409), an aborted request or a failure roll it back.
/// </summary>
internal sealed class PlanRunner
{
    private readonly ServerState _state;
    private readonly Caller _caller;
    private readonly PlanDefinition _plan;
    private readonly long _rowId;
    private readonly SocketSession? _socket;
    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, string>> _forms = new(StringComparer.Ordinal);
    private JobChannel? _channel;
    private WriteScope? _write;

    public PlanRunner(ServerState state, Caller caller, PlanDefinition plan, long rowId, SocketSession? socket)
    {
        _state = state;
        _caller = caller;
        _plan = plan;
        _rowId = rowId;
        _socket = socket;
        JobId = Guid.NewGuid().ToString("D").ToUpperInvariant();
    }

    public string JobId { get; }

    /// <summary>Runs the plan to its end. Returns normally when it finished or was ended by an answer.</summary>
    /// <exception cref="ApiException">408, 409, 404 or 500 (the job's changes are rolled back).</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using (var read = await _caller.Database.BeginReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!await RecordStore.ExistsAsync(read.Connection, read.Transaction, _plan.Record, _rowId, cancellationToken).ConfigureAwait(false))
                    throw DataEndpoints.RowNotFound(_plan.Record, _rowId);
            }
            if (_socket is not null)
            {
                _channel = _socket.AddJob(JobId);
                try
                {
                    await _socket.SendJobMessageAsync(JobId, "start").ConfigureAwait(false);
                }
                catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or ObjectDisposedException)
                {
                    // The socket is gone; the first prompt answers 409.
                }
            }
            foreach (var step in _plan.Steps)
            {
                if (!await RunStepAsync(step, cancellationToken).ConfigureAwait(false))
                    return; // ended by an answer: nothing it changed stays
            }
            if (_write is not null) await _write.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PromptFailedException e)
        {
            throw new ApiException(e.Status, e.Message);
        }
        finally
        {
            if (_write is not null) await _write.DisposeAsync().ConfigureAwait(false);
            _socket?.RemoveJob(JobId);
        }
    }

    // False when an answer ends the plan.
    private async Task<bool> RunStepAsync(PlanStep step, CancellationToken cancellationToken)
    {
        switch (step)
        {
            case ButtonStep button:
            {
                var answer = await PromptAsync(w =>
                {
                    Start(w, "button");
                    w.WriteString("message", button.Message);
                    w.WriteStartArray("buttons");
                    foreach (var caption in button.Buttons) w.WriteStringValue(caption);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }, a => ButtonOf(a) is { } b && b >= 0 && b < button.Buttons.Count
                    ? null
                    : $"Answer with \"button\": the 0-based position of one of {button.Buttons.Count} buttons.", cancellationToken).ConfigureAwait(false);
                return button.Proceed.Contains(ButtonOf(answer)!.Value);
            }
            case ValueStep value:
            {
                var initial = value.Default.Evaluate(Values());
                var answer = await PromptAsync(w =>
                {
                    Start(w, value.IsDate ? "date" : "string");
                    w.WriteString("message", value.Message);
                    w.WriteStartObject("data");
                    w.WriteString("value", initial);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }, a => ValidateValue(a, value.IsDate), cancellationToken).ConfigureAwait(false);
                if (ButtonOf(answer) != 0) return false;
                _variables[value.Save] = AnsweredValue(answer)!;
                return true;
            }
            case FormStep form:
            {
                var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
                var values = Values();
                foreach (var (column, template) in form.Data)
                    defaults[column.Name] = Normalize(column, template.Evaluate(values), step);
                var answer = await PromptAsync(w =>
                {
                    Start(w, "form");
                    w.WriteString("formid", form.Form.FormId);
                    w.WriteStartObject("data");
                    // Only the non-zero, non-blank defaults, as the docs describe.
                    foreach (var (name, text) in defaults)
                        if (text.Length > 0 && text != "0") w.WriteString(name, text);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }, a => ValidateForm(a, form), cancellationToken).ConfigureAwait(false);
                if (!form.Proceed.Contains(ButtonOf(answer)!.Value)) return false;
                if (form.Save is not null)
                {
                    var record = new Dictionary<string, string>(defaults, StringComparer.Ordinal);
                    if (answer.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var (name, text) in DataEndpoints.ParseValues(data, form.Form.Table!, DataEndpoints.ValuesUse.Update))
                            record[name] = text;
                    }
                    _forms[form.Save] = record;
                }
                return true;
            }
            case CreateStep create:
            {
                var values = create.From is null
                    ? new Dictionary<string, string>(StringComparer.Ordinal)
                    : new Dictionary<string, string>(_forms[create.From], StringComparer.Ordinal);
                var context = Values();
                foreach (var (column, template) in create.Set)
                    values[column.Name] = Normalize(column, template.Evaluate(context), step);
                var write = await WriteAsync(cancellationToken).ConfigureAwait(false);
                await DataEndpoints.InsertAsync(write, create.Table, values, create.Mode, _caller.Identity.OperatorId, _state.LocalNow, cancellationToken).ConfigureAwait(false);
                return true;
            }
            case UpdateStep update:
            {
                var context = Values();
                var values = update.Set.ToDictionary(s => s.Column.Name, s => Normalize(s.Column, s.Value.Evaluate(context), step), StringComparer.Ordinal);
                var write = await WriteAsync(cancellationToken).ConfigureAwait(false);
                if (!await RecordStore.UpdateAsync(write.Connection, write.Transaction, _plan.Record, _rowId, values, cancellationToken).ConfigureAwait(false))
                    throw DataEndpoints.RowNotFound(_plan.Record, _rowId);
                return true;
            }
            default:
                throw new InvalidOperationException("Unknown plan step " + step.GetType().Name);
        }
    }

    private async Task<JsonElement> PromptAsync(Action<Utf8JsonWriter> message, Func<JsonElement, string?> validate, CancellationToken cancellationToken)
    {
        if (_channel is null || !_channel.Session.IsOpen)
            throw ApiException.Conflict($"Plan {_plan.Code} must prompt, and the request names no open web socket (websocket-id); the job's changes were rolled back.");
        return await _channel.PromptAsync(message, validate, _state.Options.PromptTimeout, cancellationToken).ConfigureAwait(false);
    }

    private void Start(Utf8JsonWriter w, string subtype)
    {
        w.WriteStartObject();
        w.WriteString("websocket-id", _socket!.Id);
        w.WriteString("jobid", JobId);
        w.WriteString("type", "prompt");
        w.WriteString("subtype", subtype);
    }

    private async Task<WriteScope> WriteAsync(CancellationToken cancellationToken) =>
        _write ??= await _caller.Database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);

    private PlanValues Values() => new(_state.LocalNow, _caller.Identity.OperatorId, _rowId, _variables);

    private string Normalize(ServerColumn column, string text, PlanStep step) =>
        ColumnValues.TryNormalize(column, text, out var normalized, out var error)
            ? normalized
            // Constants are checked when the server starts, so what does not fit here came from an answer: bad input.
            : throw new ApiException(400, $"Plan {_plan.Code} step {step.Number} failed: {error} The job's changes were rolled back.");

    private static int? ButtonOf(JsonElement answer)
    {
        if (!answer.TryGetProperty("button", out var button)) return null;
        if (button.ValueKind == JsonValueKind.Number && button.TryGetInt32(out var number)) return number;
        if (button.ValueKind == JsonValueKind.String && int.TryParse(ColumnValues.FromJson(button), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number)) return number;
        return null;
    }

    private static string? AnsweredValue(JsonElement answer) =>
        answer.TryGetProperty("data", out var data) ? Json.String(data, "value") : null;

    private static string? ValidateValue(JsonElement answer, bool isDate)
    {
        var button = ButtonOf(answer);
        if (button is not (0 or 1)) return "Answer with \"button\": 0 (OK) or 1 (cancel).";
        if (button == 1) return null;
        var value = AnsweredValue(answer);
        if (value is null) return "Answer with \"data\": {\"value\": \"...\"}.";
        if (isDate && !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            return $"'{ColumnValues.Excerpt(value)}' is not a yyyy-MM-dd date.";
        return null;
    }

    private static string? ValidateForm(JsonElement answer, FormStep form)
    {
        var button = ButtonOf(answer);
        if (button is null || form.Form.Buttons.All(b => b.Value != button))
            return $"Answer with \"button\": one of the form's button values ({string.Join(", ", form.Form.Buttons.Select(b => $"{b.Caption} {b.Value}"))}).";
        if (!form.Proceed.Contains(button.Value)) return null;
        if (!answer.TryGetProperty("data", out var data) || data.ValueKind == JsonValueKind.Null) return null;
        if (data.ValueKind != JsonValueKind.Object) return "\"data\" must be an object of the form's values.";
        try
        {
            DataEndpoints.ParseValues(data, form.Form.Table!, DataEndpoints.ValuesUse.Update);
            return null;
        }
        catch (ApiException e)
        {
            return e.Message;
        }
    }
}
