using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Collect.Runtime.Tests.Jobs;

/// <summary>
/// The Schedule Next Contact form written by hand the way the generator writes forms
/// (generator/Collect.Codegen/Templates/Form.scriban): id, buttons, one property per column,
/// a <see cref="ColumnIndex"/> reader and <see cref="CollectJson"/> writers.
/// </summary>
public sealed record ScheduleNextContactForm : ICollectForm<ScheduleNextContactForm>
{
    public const string FormId = "35d01ff2-775d-ccb4-8f53-25d36f517384";

    public static class Buttons
    {
        public const int Ok = 4631;
        public const int Cancel = 4632;
    }

    public int? Type { get; init; }
    public string? Description { get; init; }
    public int? Priority { get; init; }
    public string? Who { get; init; }
    public DateOnly? Date { get; init; }
    public string? Originator { get; init; }
    public DateOnly? CreationDate { get; init; }
    public TimeOnly? CreationTime { get; init; }
    public string? WhoFrom { get; init; }
    public int? Lock { get; init; }

    public IReadOnlyDictionary<string, JsonElement>? OtherValues { get; init; }

    private static readonly ColumnIndex Columns = new(
        "co_type", "co_description", "co_priority", "co_who", "co_date",
        "co_originator", "co_creation_date", "co_creation_time", "co_who_from", "co_lock");

    private static readonly FormButton[] ButtonValues = [new("OK", Buttons.Ok), new("Cancel", Buttons.Cancel)];

    static string ICollectForm<ScheduleNextContactForm>.Id => FormId;

    static IReadOnlyList<FormButton> ICollectForm<ScheduleNextContactForm>.ButtonList => ButtonValues;

    static ScheduleNextContactForm ICollectForm<ScheduleNextContactForm>.ReadJson(ref Utf8JsonReader reader)
    {
        CollectJson.ExpectStartObject(ref reader);
        int? type = null, priority = null, @lock = null;
        string? description = null, who = null, originator = null, whoFrom = null;
        DateOnly? date = null, creationDate = null;
        TimeOnly? creationTime = null;
        Dictionary<string, JsonElement>? others = null;
        while (CollectJson.NextColumn(ref reader, Columns, out var column, out var name))
        {
            switch (column)
            {
                case 0: type = CollectJson.ReadInt32(ref reader); break;
                case 1: description = CollectJson.ReadString(ref reader); break;
                case 2: priority = CollectJson.ReadInt32(ref reader); break;
                case 3: who = CollectJson.ReadString(ref reader); break;
                case 4: date = CollectJson.ReadDate(ref reader); break;
                case 5: originator = CollectJson.ReadString(ref reader); break;
                case 6: creationDate = CollectJson.ReadDate(ref reader); break;
                case 7: creationTime = CollectJson.ReadTime(ref reader); break;
                case 8: whoFrom = CollectJson.ReadString(ref reader); break;
                case 9: @lock = CollectJson.ReadInt32(ref reader); break;
                default: (others ??= []).Add(name!, CollectJson.ReadElement(ref reader)); break;
            }
        }
        return new ScheduleNextContactForm
        {
            Type = type,
            Description = description,
            Priority = priority,
            Who = who,
            Date = date,
            Originator = originator,
            CreationDate = creationDate,
            CreationTime = creationTime,
            WhoFrom = whoFrom,
            Lock = @lock,
            OtherValues = others,
        };
    }

    void ICollectForm.WriteData(Utf8JsonWriter writer)
    {
        CollectJson.Write(writer, "co_type"u8, Type, false);
        CollectJson.Write(writer, "co_description"u8, Description, false);
        CollectJson.Write(writer, "co_priority"u8, Priority, false);
        CollectJson.Write(writer, "co_who"u8, Who, false);
        CollectJson.Write(writer, "co_date"u8, Date, false);
        CollectJson.Write(writer, "co_originator"u8, Originator, false);
        CollectJson.Write(writer, "co_creation_date"u8, CreationDate, false);
        CollectJson.Write(writer, "co_creation_time"u8, CreationTime, false);
        CollectJson.Write(writer, "co_who_from"u8, WhoFrom, false);
        CollectJson.Write(writer, "co_lock"u8, Lock, false);
        CollectJson.WriteOthers(writer, OtherValues);
    }
}
