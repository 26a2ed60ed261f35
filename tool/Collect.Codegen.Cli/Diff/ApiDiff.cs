using System;
using System.Collections.Generic;
using System.Linq;

namespace Collect.Codegen.Cli.Diff;

/// <summary>What kind of change a line reports.</summary>
internal enum ChangeKind
{
    /// <summary>Something new (<c>+</c>).</summary>
    Added,
    /// <summary>Something gone (<c>-</c>).</summary>
    Removed,
    /// <summary>Something that stays but differs (<c>~</c>).</summary>
    Changed,
}

/// <summary>One change of the generated API.</summary>
/// <param name="Owner">The record or form it belongs to (e.g. <c>record Contact (table contact)</c>), or null for a whole type.</param>
/// <param name="Kind">Added, removed or changed.</param>
/// <param name="Text">What changed, e.g. <c>property Email: string? (column co_email)</c>.</param>
/// <param name="Breaking">Why code compiled against the old API breaks, or null when it does not.</param>
internal sealed record ApiChange(string? Owner, ChangeKind Kind, string Text, string? Breaking);

/// <summary>
/// Compares the generated API of two schema sets. Records match by table and forms by form id;
/// properties match by column, so a column whose property name changed is a rename. Removing or
/// renaming a type, property, constant, button or sub-record call, and changing a type, break code
/// compiled against the old API; additions and value changes do not.
/// </summary>
internal static class ApiDiff
{
    public static IReadOnlyList<ApiChange> Compare(ApiSurface before, ApiSurface after)
    {
        var changes = new List<ApiChange>();
        CompareTypes(changes, before.Records, after.Records, "record", key => $"table {key}");
        CompareTypes(changes, before.Forms, after.Forms, "form", key => $"form id {key}");
        return changes;
    }

    private static void CompareTypes(List<ApiChange> changes, IReadOnlyList<ApiType> before, IReadOnlyList<ApiType> after, string kind, Func<string, string> describeKey)
    {
        var old = before.ToDictionary(t => t.Key, StringComparer.Ordinal);
        var now = after.ToDictionary(t => t.Key, StringComparer.Ordinal);
        foreach (var type in before.Where(t => !now.ContainsKey(t.Key)).OrderBy(t => t.Name, StringComparer.Ordinal))
            changes.Add(new ApiChange(null, ChangeKind.Removed, $"{kind} {type.Name} ({describeKey(type.Key)}){Repository(type)}", $"{kind} removed"));
        foreach (var type in after.Where(t => !old.ContainsKey(t.Key)).OrderBy(t => t.Name, StringComparer.Ordinal))
            changes.Add(new ApiChange(null, ChangeKind.Added, $"{kind} {type.Name} ({describeKey(type.Key)}){Repository(type)}", null));
        foreach (var type in after.Where(t => old.ContainsKey(t.Key)).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var was = old[type.Key];
            var owner = was.Name == type.Name ? $"{kind} {type.Name} ({describeKey(type.Key)})" : $"{kind} {was.Name} → {type.Name} ({describeKey(type.Key)})";
            if (was.Name != type.Name)
                changes.Add(new ApiChange(owner, ChangeKind.Changed, $"renamed {was.Name} → {type.Name}{RepositoryChange(was, type)}", $"{kind} renamed"));
            CompareProperties(changes, owner, was.Properties, type.Properties);
            CompareValues(changes, owner, was.Values, type.Values);
            CompareNames(changes, owner, "sub-record call", was.SubRecordCalls, type.SubRecordCalls);
            CompareConstants(changes, owner, "button", was.Buttons, type.Buttons);
        }
    }

    private static void CompareProperties(List<ApiChange> changes, string owner, IReadOnlyList<ApiProperty> before, IReadOnlyList<ApiProperty> after)
    {
        var old = before.ToDictionary(p => p.Column, StringComparer.Ordinal);
        var now = after.ToDictionary(p => p.Column, StringComparer.Ordinal);
        var removed = before.Where(p => !now.ContainsKey(p.Column)).ToList();
        var added = after.Where(p => !old.ContainsKey(p.Column)).ToList();

        // The same property now mapped to another column: code that names it still compiles.
        foreach (var property in removed.ToList())
        {
            var moved = added.FirstOrDefault(p => p.Name == property.Name);
            if (moved is null) continue;
            removed.Remove(property);
            added.Remove(moved);
            changes.Add(new ApiChange(owner, ChangeKind.Changed,
                $"property {moved.Name}: now column {moved.Column} (was {property.Column}){TypeChange(property.Type, moved.Type)}",
                property.Type == moved.Type ? null : "type changed"));
        }
        foreach (var property in removed)
            changes.Add(new ApiChange(owner, ChangeKind.Removed, $"property {property.Name}: {property.Type} (column {property.Column})", "property removed"));
        foreach (var property in added)
            changes.Add(new ApiChange(owner, ChangeKind.Added, $"property {property.Name}: {property.Type} (column {property.Column})", null));
        foreach (var property in after.Where(p => old.ContainsKey(p.Column)))
        {
            var was = old[property.Column];
            if (was.Name != property.Name)
                changes.Add(new ApiChange(owner, ChangeKind.Changed,
                    $"property {was.Name} → {property.Name} (column {property.Column}){TypeChange(was.Type, property.Type)}", "property renamed"));
            else if (was.Type != property.Type)
                changes.Add(new ApiChange(owner, ChangeKind.Changed,
                    $"property {property.Name}: {was.Type} → {property.Type} (column {property.Column})", "type changed"));
        }
    }

    private static void CompareValues(List<ApiChange> changes, string owner, IReadOnlyList<ApiValues> before, IReadOnlyList<ApiValues> after)
    {
        var old = before.ToDictionary(v => v.Column, StringComparer.Ordinal);
        var now = after.ToDictionary(v => v.Column, StringComparer.Ordinal);
        foreach (var values in before.Where(v => !now.ContainsKey(v.Column)))
            changes.Add(new ApiChange(owner, ChangeKind.Removed, $"constants class {values.ClassName} (column {values.Column})", "constants removed"));
        foreach (var values in after.Where(v => !old.ContainsKey(v.Column)))
            changes.Add(new ApiChange(owner, ChangeKind.Added, $"constants class {values.ClassName} (column {values.Column})", null));
        foreach (var values in after.Where(v => old.ContainsKey(v.Column)))
        {
            var was = old[values.Column];
            if (was.ClassName != values.ClassName)
                changes.Add(new ApiChange(owner, ChangeKind.Changed, $"constants class {was.ClassName} → {values.ClassName} (column {values.Column})", "constants class renamed"));
            CompareConstants(changes, owner, $"constant {values.ClassName}.", was.Constants, values.Constants);
        }
    }

    private static void CompareConstants(List<ApiChange> changes, string owner, string what, IReadOnlyList<ApiConstant> before, IReadOnlyList<ApiConstant> after)
    {
        var old = before.GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var now = after.GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var separator = what.EndsWith('.') ? "" : " ";
        foreach (var constant in old.Values.Where(c => !now.ContainsKey(c.Name)))
            changes.Add(new ApiChange(owner, ChangeKind.Removed, $"{what}{separator}{constant.Name} = {constant.Value}", $"{what.TrimEnd('.').Split(' ')[0]} removed"));
        foreach (var constant in now.Values.Where(c => !old.ContainsKey(c.Name)))
            changes.Add(new ApiChange(owner, ChangeKind.Added, $"{what}{separator}{constant.Name} = {constant.Value}", null));
        foreach (var constant in now.Values.Where(c => old.ContainsKey(c.Name)))
        {
            var was = old[constant.Name];
            if (was.Type != constant.Type)
                changes.Add(new ApiChange(owner, ChangeKind.Changed, $"{what}{separator}{constant.Name}: {was.Type} → {constant.Type}", "type changed"));
            else if (was.Value != constant.Value)
                changes.Add(new ApiChange(owner, ChangeKind.Changed, $"{what}{separator}{constant.Name}: value {was.Value} → {constant.Value}", null));
        }
    }

    private static void CompareNames(List<ApiChange> changes, string owner, string what, IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        foreach (var name in before.Except(after, StringComparer.Ordinal))
            changes.Add(new ApiChange(owner, ChangeKind.Removed, $"{what} {name}", $"{what} removed"));
        foreach (var name in after.Except(before, StringComparer.Ordinal))
            changes.Add(new ApiChange(owner, ChangeKind.Added, $"{what} {name}", null));
    }

    private static string Repository(ApiType type) => type.Repository is null ? "" : $", repository property {type.Repository}";

    private static string RepositoryChange(ApiType was, ApiType now) =>
        was.Repository is not null && now.Repository is not null && was.Repository != now.Repository ? $" (repository property {was.Repository} → {now.Repository})" : "";

    private static string TypeChange(string was, string now) => was == now ? "" : $", type {was} → {now}";
}
