using System;
using System.Collections.Generic;

namespace Collect.Runtime;

/// <summary>What a report run asks for (<c>POST api/v1/collect/app/report</c>).</summary>
/// <remarks>
/// Give <see cref="Report"/>, <see cref="Script"/> or both: with both, the script is put in front of the
/// report's body. The web socket the report may prompt through is a parameter of
/// <see cref="ICollectAppApi.RunReportAsync"/>.
/// </remarks>
public sealed record CollectReportRequest
{
    /// <summary>The report's or letter's name (<c>report</c>).</summary>
    public string? Report { get; init; }

    /// <summary>Report-writer code (<c>script</c>): run as-is without <see cref="Report"/>, else put in front of the report's body.</summary>
    public string? Script { get; init; }

    /// <summary>The record type that must be active (<c>starton</c>), e.g. <c>debtor</c>. Null: the report's own.</summary>
    public string? StartOn { get; init; }

    /// <summary>The rows to run against (<c>rowid</c>, always sent as an array).</summary>
    public IReadOnlyList<RowId> RowIds { get; init; } = [];

    /// <summary>
    /// The destinations (<c>destination</c>, sent comma-separated), e.g.
    /// <see cref="CollectReport.SvgDestination"/> and <see cref="CollectReport.CsvDestination"/>. Empty: the
    /// server's default.
    /// </summary>
    public IReadOnlyList<string> Destinations { get; init; } = [];

    /// <summary>Whether the output shows the page margins (<c>showmargins</c>). Null: not sent.</summary>
    public bool? ShowMargins { get; init; }
}

/// <summary>A report's output, one text per requested destination.</summary>
public sealed class CollectReport
{
    /// <summary>The SVG destination's name.</summary>
    public const string SvgDestination = "SVG";

    /// <summary>The CSV destination's name.</summary>
    public const string CsvDestination = "CSV";

    private readonly Dictionary<string, string> _outputs;

    /// <summary>Creates a report from its outputs by destination (names compare case-insensitively).</summary>
    public CollectReport(IEnumerable<KeyValuePair<string, string>> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        _outputs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in outputs) _outputs[pair.Key] = pair.Value;
    }

    /// <summary>The outputs by destination name, e.g. <c>SVG</c> → the SVG document.</summary>
    public IReadOnlyDictionary<string, string> Outputs => _outputs;

    /// <summary>The SVG output, if the answer had one.</summary>
    public string? Svg => Get(SvgDestination);

    /// <summary>The CSV output, if the answer had one.</summary>
    public string? Csv => Get(CsvDestination);

    /// <summary>The output for <paramref name="destination"/>, or null.</summary>
    public string? Get(string destination) => _outputs.TryGetValue(destination, out var text) ? text : null;

    /// <summary>The destinations and their sizes (never the contents).</summary>
    public override string ToString()
    {
        var parts = new List<string>(_outputs.Count);
        foreach (var pair in _outputs) parts.Add($"{pair.Key}: {pair.Value.Length} characters");
        return $"CollectReport {{ {string.Join(", ", parts)} }}";
    }
}

/// <summary>A form's structure (<c>GET api/v1/collect/ui/forms/{formid}</c>), filtered by the operator's rights.</summary>
/// <param name="Name">The form's internal name (<c>name</c>), e.g. <c>Debtor</c>.</param>
/// <param name="Alias">The form's alias (<c>alias</c>), e.g. <c>Consumer</c>, when it has one; meant to replace <paramref name="Name"/> on screen.</param>
/// <param name="Id">The form's id (<c>id</c>), the UUID of its access right.</param>
/// <param name="Width">The form's width (<c>width</c>, meant for CSS <c>vw</c>).</param>
/// <param name="Height">The form's height (<c>height</c>, in rows of 25 px).</param>
/// <param name="Rights">The form's rights (<c>rights</c>) as the server sent them (a number is given as its digits).</param>
/// <param name="Fields">The fields the operator may see.</param>
/// <param name="Buttons">The buttons; a form prompt's answer sends one of their values.</param>
public sealed record CollectFormDefinition(
    string Name,
    string? Alias,
    string Id,
    int? Width,
    int? Height,
    string? Rights,
    IReadOnlyList<CollectFormField> Fields,
    IReadOnlyList<FormButton> Buttons)
{
    /// <summary>The name to show: the alias, or the name when there is none.</summary>
    public string DisplayName => Alias ?? Name;
}

/// <summary>One field of a form's structure.</summary>
/// <param name="Name">The column name (<c>name</c>), e.g. <c>co_type</c>.</param>
/// <param name="Label">The label (<c>label</c>).</param>
/// <param name="Type">The field's type (<c>type</c>) as the server names it.</param>
/// <param name="Length">The field's length (<c>length</c>), if given.</param>
/// <param name="ReadOnly">Whether the field is read-only (<c>readOnly</c>).</param>
public sealed record CollectFormField(string Name, string? Label, string? Type, int? Length, bool ReadOnly);

/// <summary>What an upload does when the record's folder already holds a file of that name (<c>overwrite</c>).</summary>
public enum CollectOverwrite
{
    /// <summary><c>yes</c>: replace the existing file.</summary>
    Yes,

    /// <summary><c>no</c>: keep the existing file; the upload fails with a <see cref="CollectConflictException"/> (HTTP 409).</summary>
    No,

    /// <summary><c>inc</c>: store under a numbered name (<c>Test.txt</c> → <c>Test-2.txt</c>); use the name the answer gives.</summary>
    Increment,
}

/// <summary>Where an upload was stored.</summary>
/// <param name="RecordType">The record type (<c>recordType</c>), e.g. <c>debtor</c>.</param>
/// <param name="FileName">The stored file's name (<c>fileName</c>); with <see cref="CollectOverwrite.Increment"/> it may differ from the name sent.</param>
/// <param name="FileNumber">The debtor's file number or the client's number (<c>fileNumber</c>), as text.</param>
public sealed record CollectUploadResult(string RecordType, string FileName, string? FileNumber);
