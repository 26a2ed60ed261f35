using System;
using System.Text.Json;

namespace Collect.Runtime.Tests;

/// <summary>A contact row, written by hand the way the generator writes record types.</summary>
public sealed record Contact : ICollectRecord<Contact>
{
    private static readonly ColumnIndex Columns = new(
        "co_rowid", "co_rowid_debtor", "co_type", "co_description", "co_date", "co_amount", "co_done");

    public RowId? RowId { get; init; }
    public RowId? DebtorRowId { get; init; }
    public int? Type { get; init; }
    public string? Description { get; init; }
    public DateOnly? Date { get; init; }
    public decimal? Amount { get; init; }
    public bool? Done { get; init; }

    static string ICollectRecord<Contact>.TableName => "contact";
    static string ICollectRecord<Contact>.RowIdColumn => "co_rowid";
    RowId? ICollectRecord<Contact>.RecordRowId => RowId;

    static Contact ICollectRecord<Contact>.ReadJson(ref Utf8JsonReader reader)
    {
        CollectJson.ExpectStartObject(ref reader);
        RowId? rowId = null, debtorRowId = null;
        int? type = null;
        string? description = null;
        DateOnly? date = null;
        decimal? amount = null;
        bool? done = null;
        while (CollectJson.NextColumn(ref reader, Columns, out var column))
        {
            switch (column)
            {
                case 0: rowId = CollectJson.ReadRowId(ref reader); break;
                case 1: debtorRowId = CollectJson.ReadRowId(ref reader); break;
                case 2: type = CollectJson.ReadInt32(ref reader); break;
                case 3: description = CollectJson.ReadString(ref reader); break;
                case 4: date = CollectJson.ReadDate(ref reader); break;
                case 5: amount = CollectJson.ReadDecimal(ref reader); break;
                case 6: done = CollectJson.ReadBoolean(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new Contact
        {
            RowId = rowId,
            DebtorRowId = debtorRowId,
            Type = type,
            Description = description,
            Date = date,
            Amount = amount,
            Done = done,
        };
    }

    static void ICollectRecord<Contact>.WriteColumns(Utf8JsonWriter writer, Contact value, Contact? baseline)
    {
        var update = baseline is not null;
        if (baseline is null || value.RowId != baseline.RowId) CollectJson.Write(writer, "co_rowid"u8, value.RowId, update);
        if (baseline is null || value.DebtorRowId != baseline.DebtorRowId) CollectJson.Write(writer, "co_rowid_debtor"u8, value.DebtorRowId, update);
        if (baseline is null || value.Type != baseline.Type) CollectJson.Write(writer, "co_type"u8, value.Type, update);
        if (baseline is null || value.Description != baseline.Description) CollectJson.Write(writer, "co_description"u8, value.Description, update);
        if (baseline is null || value.Date != baseline.Date) CollectJson.Write(writer, "co_date"u8, value.Date, update);
        if (baseline is null || value.Amount != baseline.Amount) CollectJson.Write(writer, "co_amount"u8, value.Amount, update);
        if (baseline is null || value.Done != baseline.Done) CollectJson.Write(writer, "co_done"u8, value.Done, update);
    }
}

/// <summary>A debtor row: the parent of contacts.</summary>
public sealed record Debtor : ICollectRecord<Debtor>
{
    private static readonly ColumnIndex Columns = new("de_rowid", "de_name");

    public RowId? RowId { get; init; }
    public string? Name { get; init; }

    static string ICollectRecord<Debtor>.TableName => "debtor";
    static string ICollectRecord<Debtor>.RowIdColumn => "de_rowid";
    RowId? ICollectRecord<Debtor>.RecordRowId => RowId;

    static Debtor ICollectRecord<Debtor>.ReadJson(ref Utf8JsonReader reader)
    {
        CollectJson.ExpectStartObject(ref reader);
        RowId? rowId = null;
        string? name = null;
        while (CollectJson.NextColumn(ref reader, Columns, out var column))
        {
            switch (column)
            {
                case 0: rowId = CollectJson.ReadRowId(ref reader); break;
                case 1: name = CollectJson.ReadString(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new Debtor { RowId = rowId, Name = name };
    }

    static void ICollectRecord<Debtor>.WriteColumns(Utf8JsonWriter writer, Debtor value, Debtor? baseline)
    {
        var update = baseline is not null;
        if (baseline is null || value.RowId != baseline.RowId) CollectJson.Write(writer, "de_rowid"u8, value.RowId, update);
        if (baseline is null || value.Name != baseline.Name) CollectJson.Write(writer, "de_name"u8, value.Name, update);
    }
}

/// <summary>A repository like the generated ones: the base class plus the typed sub-record calls.</summary>
public sealed class DebtorRepository(ICollectRecordApi api) : CollectRepository<Debtor>(api)
{
    public System.Threading.Tasks.Task<CollectPage<Contact>> ContactsAsync(RowId rowId, CollectQuery? query = null, System.Threading.CancellationToken cancellationToken = default) =>
        SubRecordsAsync<Contact>(rowId, query, cancellationToken);
}

/// <summary>The contact repository.</summary>
public sealed class ContactRepository(ICollectRecordApi api) : CollectRepository<Contact>(api);
