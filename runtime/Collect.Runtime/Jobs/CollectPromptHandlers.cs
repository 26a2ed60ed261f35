using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Collect.Runtime.Jobs;

/// <summary>
/// How a job answers its prompts: one handler per prompt subtype, typed form handlers by form
/// type, and a fallback for other forms. Register the handlers before running jobs; once set up,
/// one instance can serve many concurrent jobs (handlers then run concurrently too).
/// </summary>
/// <remarks>
/// A prompt with no matching handler fails the job with a <see cref="CollectPromptException"/>
/// (an unanswered prompt would only hold the server's job until its own timeout). Every async
/// handler gets a token that is cancelled when the job is cancelled, times out, loses its socket,
/// or its HTTP call answers while the handler still runs.
/// </remarks>
public sealed class CollectPromptHandlers
{
    private readonly Dictionary<string, FormRoute> _forms = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates an empty set of handlers.</summary>
    /// <param name="forms">
    /// The generated form registry (e.g. <c>CollectDb.Forms</c>): forms handled by the
    /// <see cref="OnOtherForm(Func{FormPrompt{ICollectForm}, CancellationToken, ValueTask{FormAnswer{ICollectForm}}})"/> fallback
    /// are read into their typed form when the registry knows their id, and into a
    /// <see cref="CollectDictionaryForm"/> otherwise.
    /// </param>
    public CollectPromptHandlers(CollectFormRegistry? forms = null)
    {
        Forms = forms;
    }

    /// <summary>The form registry the fallback reads forms with, if any.</summary>
    public CollectFormRegistry? Forms { get; }

    internal Func<ButtonPrompt, CancellationToken, ValueTask<int>>? Button { get; private set; }

    internal Func<StringPrompt, CancellationToken, ValueTask<StringAnswer>>? String { get; private set; }

    internal Func<DatePrompt, CancellationToken, ValueTask<DateAnswer>>? Date { get; private set; }

    internal Func<FormPrompt<ICollectForm>, CancellationToken, ValueTask<FormAnswer<ICollectForm>>>? OtherForm { get; private set; }

    /// <summary>Answers <c>button</c> prompts with the 0-based position of the chosen button.</summary>
    public CollectPromptHandlers OnButton(Func<ButtonPrompt, int> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return OnButton((prompt, _) => new ValueTask<int>(handler(prompt)));
    }

    /// <summary>Answers <c>button</c> prompts with the 0-based position of the chosen button.</summary>
    public CollectPromptHandlers OnButton(Func<ButtonPrompt, CancellationToken, ValueTask<int>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Button = handler;
        return this;
    }

    /// <summary>Answers <c>string</c> prompts (a returned <see cref="string"/> is an OK answer).</summary>
    public CollectPromptHandlers OnString(Func<StringPrompt, StringAnswer> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return OnString((prompt, _) => new ValueTask<StringAnswer>(handler(prompt)));
    }

    /// <summary>Answers <c>string</c> prompts.</summary>
    public CollectPromptHandlers OnString(Func<StringPrompt, CancellationToken, ValueTask<StringAnswer>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        String = handler;
        return this;
    }

    /// <summary>Answers <c>date</c> prompts (a returned <see cref="DateOnly"/> is an OK answer).</summary>
    public CollectPromptHandlers OnDate(Func<DatePrompt, DateAnswer> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return OnDate((prompt, _) => new ValueTask<DateAnswer>(handler(prompt)));
    }

    /// <summary>Answers <c>date</c> prompts.</summary>
    public CollectPromptHandlers OnDate(Func<DatePrompt, CancellationToken, ValueTask<DateAnswer>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Date = handler;
        return this;
    }

    /// <summary>
    /// Answers form prompts whose <c>formid</c> is <typeparamref name="TForm"/>'s id, with the form
    /// read into <typeparamref name="TForm"/>. Replaces an earlier handler for the same form.
    /// </summary>
    public CollectPromptHandlers OnForm<TForm>(Func<TForm, FormAnswer<TForm>> handler) where TForm : ICollectForm<TForm>
    {
        ArgumentNullException.ThrowIfNull(handler);
        return OnForm<TForm>((prompt, _) => new ValueTask<FormAnswer<TForm>>(handler(prompt.Form)));
    }

    /// <inheritdoc cref="OnForm{TForm}(Func{TForm, FormAnswer{TForm}})"/>
    public CollectPromptHandlers OnForm<TForm>(Func<FormPrompt<TForm>, CancellationToken, ValueTask<FormAnswer<TForm>>> handler) where TForm : ICollectForm<TForm>
    {
        ArgumentNullException.ThrowIfNull(handler);
        _forms[TForm.Id] = new TypedFormRoute<TForm>(handler);
        return this;
    }

    /// <summary>
    /// Answers form prompts that no <c>OnForm</c> handler takes. The prompt's form is the typed
    /// form when <see cref="Forms"/> knows its id, and a <see cref="CollectDictionaryForm"/>
    /// otherwise; its <see cref="FormPrompt{TForm}.Buttons"/> are empty for a form the registry
    /// does not know, so the button value must come from elsewhere (e.g. the form's structure,
    /// <c>GET /api/v1/collect/ui/forms/{formid}</c>).
    /// </summary>
    public CollectPromptHandlers OnOtherForm(Func<FormPrompt<ICollectForm>, FormAnswer<ICollectForm>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return OnOtherForm((prompt, _) => new ValueTask<FormAnswer<ICollectForm>>(handler(prompt)));
    }

    /// <inheritdoc cref="OnOtherForm(Func{FormPrompt{ICollectForm}, FormAnswer{ICollectForm}})"/>
    public CollectPromptHandlers OnOtherForm(Func<FormPrompt<ICollectForm>, CancellationToken, ValueTask<FormAnswer<ICollectForm>>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        OtherForm = handler;
        return this;
    }

    /// <summary>The route for a form id: its typed handler, the fallback, or null when neither exists.</summary>
    internal FormRoute? FindForm(string formId)
    {
        if (_forms.TryGetValue(formId, out var route)) return route;
        if (OtherForm is null) return null;
        return Forms is not null && Forms.TryGet(formId, out var descriptor)
            ? new OtherFormRoute(OtherForm, descriptor)
            : new OtherFormRoute(OtherForm, null);
    }
}

/// <summary>Reads a form prompt's data and calls the handler that takes it.</summary>
internal abstract class FormRoute
{
    /// <summary>The form's buttons, for checking an answer's button value; empty when unknown.</summary>
    public abstract IReadOnlyList<FormButton> Buttons { get; }

    /// <summary>Reads the prompt's <c>data</c> object (may throw for data the form type cannot read).</summary>
    public abstract ICollectForm Read(ReadOnlySpan<byte> data);

    /// <summary>Calls the handler with the form <see cref="Read"/> gave.</summary>
    public abstract ValueTask<(int Button, ICollectForm? Data)> AnswerAsync(string jobId, string? message, string formId, ICollectForm form, CancellationToken cancellationToken);

    protected static Utf8JsonReader Reader(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        reader.Read();
        return reader;
    }
}

internal sealed class TypedFormRoute<TForm>(Func<FormPrompt<TForm>, CancellationToken, ValueTask<FormAnswer<TForm>>> handler) : FormRoute
    where TForm : ICollectForm<TForm>
{
    public override IReadOnlyList<FormButton> Buttons => TForm.ButtonList;

    public override ICollectForm Read(ReadOnlySpan<byte> data)
    {
        var reader = Reader(data);
        return TForm.ReadJson(ref reader);
    }

    public override async ValueTask<(int Button, ICollectForm? Data)> AnswerAsync(string jobId, string? message, string formId, ICollectForm form, CancellationToken cancellationToken)
    {
        var answer = await handler(new FormPrompt<TForm>(jobId, message, formId, (TForm)form, TForm.ButtonList), cancellationToken).ConfigureAwait(false);
        return (answer.Button, answer.Data);
    }
}

internal sealed class OtherFormRoute(
    Func<FormPrompt<ICollectForm>, CancellationToken, ValueTask<FormAnswer<ICollectForm>>> handler,
    CollectFormDescriptor? descriptor) : FormRoute
{
    public override IReadOnlyList<FormButton> Buttons => descriptor?.Buttons ?? [];

    public override ICollectForm Read(ReadOnlySpan<byte> data)
    {
        var reader = Reader(data);
        return descriptor is null ? CollectDictionaryForm.Read(ref reader) : descriptor.Read(ref reader);
    }

    public override async ValueTask<(int Button, ICollectForm? Data)> AnswerAsync(string jobId, string? message, string formId, ICollectForm form, CancellationToken cancellationToken)
    {
        var answer = await handler(new FormPrompt<ICollectForm>(jobId, message, formId, form, Buttons), cancellationToken).ConfigureAwait(false);
        return (answer.Button, answer.Data);
    }
}
