using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Collect.Codegen.IntegrationTests.Generated;
using Collect.Runtime;
using Xunit;

namespace Collect.Codegen.IntegrationTests;

/// <summary>The generated types of the shipped schemas, used the way application code uses them.</summary>
public class GeneratedTypesTests
{
    // The login example of the docs: op_rowid as a string, op_level and op_function as bare numbers.
    private const string LoginOperator = """
        {"op_rowid":"1","op_id":"OWN","op_name":"Owner Of The Company","op_level":10,"op_function":1}
        """;

    // The form prompt data of the docs' web socket example.
    private const string PromptData = """
        {
          "co_type": "5", "co_description": "Review file...", "co_priority": "30", "co_who": "OWN",
          "co_date": "2023-01-12", "co_originator": "OWN", "co_creation_date": "2023-01-12",
          "co_creation_time": "13:28:21", "co_who_from": "OWN", "co_lock": "1024"
        }
        """;

    [Fact]
    public void LoginOperatorReadsMixedEncodingsAndWritesStrings()
    {
        var op = JsonSerializer.Deserialize<Operator>(LoginOperator)!;

        Assert.Equal(new RowId(1), op.RowId);
        Assert.Equal("OWN", op.Id);
        Assert.Equal("Owner Of The Company", op.Name);
        Assert.Equal(10, op.Level);
        Assert.Equal(1, op.Function);

        using var written = JsonDocument.Parse(JsonSerializer.Serialize(op));
        foreach (var property in written.RootElement.EnumerateObject())
            Assert.Equal(JsonValueKind.String, property.Value.ValueKind);
        Assert.Equal("10", written.RootElement.GetProperty(Operator.Columns.Level).GetString());
    }

    [Fact]
    public void FormPromptRoundTripsThroughTheRegistryKeepingEveryDefault()
    {
        Assert.True(DemoDb.Forms.TryGet("35d01ff2-775d-ccb4-8f53-25d36f517384", out var descriptor));
        Assert.Equal(typeof(ScheduleNextContactForm), descriptor.FormType);

        using var data = JsonDocument.Parse(PromptData);
        var form = Assert.IsType<ScheduleNextContactForm>(descriptor.Read(data.RootElement));
        Assert.Equal(5, form.Type);
        Assert.Equal(new DateOnly(2023, 1, 12), form.Date);
        Assert.Equal(new TimeOnly(13, 28, 21), form.CreationTime);
        Assert.Equal(1024, form.Lock);

        var answer = form with { Description = "Please review Sales account", Priority = 25 };
        var written = WriteData(answer);

        Assert.Equal("Please review Sales account", written.GetProperty("co_description").GetString());
        Assert.Equal("25", written.GetProperty("co_priority").GetString());
        Assert.Equal("2023-01-12", written.GetProperty("co_creation_date").GetString());
        Assert.Equal("13:28:21", written.GetProperty("co_creation_time").GetString());
        Assert.Equal("1024", written.GetProperty("co_lock").GetString());
        Assert.Equal(10, CountProperties(written));
        Assert.Equal(4631, ScheduleNextContactForm.Buttons.Ok);
        Assert.Equal(4632, ScheduleNextContactForm.Buttons.Cancel);
    }

    [Fact]
    public void TypedFiltersAndSortsSpellTheContractGrammar()
    {
        CollectFilter filter = Debtor.Filter.Status.Eq("NEW") & Debtor.Filter.Owing.Gt(100.5m) & Debtor.Filter.Number.In(1, 2);
        Assert.Equal("de_status=NEW,de_owing__gt=100.5,de_number__in=(1,2)", filter.ToString());

        Assert.Equal("co_description__like='%, Inc.'", Contact.Filter.Description.Like("%, Inc.").ToString());
        Assert.Equal("co_date__gte=2023-01-12", Contact.Filter.Date.Gte(new DateOnly(2023, 1, 12)).ToString());
        Assert.Equal("-co_date", Contact.Sort.Date.Descending.ToString());
        Assert.Equal("co_rowid_debtor", Contact.Columns.RowIdDebtor);
    }

    [Fact]
    public void EmptyStringsReadAsNoValueAndUpdatesSendOnlyChangedColumns()
    {
        var debtor = JsonSerializer.Deserialize<Debtor>("""{"de_rowid":"123","de_status":"","de_owing":"12.50","de_dob":""}""")!;
        Assert.Null(debtor.Status);
        Assert.Null(debtor.Dob);
        Assert.Equal(12.50m, debtor.Owing);

        var changed = debtor with { Status = "REV", Owing = null };
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteColumns(writer, changed, debtor);
            writer.WriteEndObject();
        }

        Assert.Equal("""{"de_status":"REV","de_owing":""}""", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void EntryPointHasOneRepositoryPerTableWithSubRecordCalls()
    {
        var db = new DemoDb(new UnusedApi());

        Assert.Equal("debtor", db.Debtors.TableName);
        Assert.Equal("nx_operator", db.Operators.TableName);
        Assert.Equal("contact", db.Contacts.TableName);
        Assert.Same(db.Debtors, db.Debtors);
        Assert.NotNull(typeof(DebtorRepository).GetMethod(nameof(DebtorRepository.ListContactsAsync)));
        Assert.NotNull(typeof(ClientRepository).GetMethod(nameof(ClientRepository.ListAllDebtorsAsync)));
    }

    private static void WriteColumns<T>(Utf8JsonWriter writer, T value, T? baseline) where T : ICollectRecord<T> =>
        T.WriteColumns(writer, value, baseline);

    private static JsonElement WriteData(ICollectForm form)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            form.WriteData(writer);
            writer.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }

    private static int CountProperties(JsonElement element)
    {
        var count = 0;
        foreach (var _ in element.EnumerateObject()) count++;
        return count;
    }

    private sealed class UnusedApi : ICollectRecordApi
    {
        public System.Threading.Tasks.Task<CollectPage<T>> ListAsync<T>(CollectQuery? query, System.Threading.CancellationToken cancellationToken) where T : ICollectRecord<T> => throw new NotSupportedException();
        public System.Threading.Tasks.Task<T> GetAsync<T>(RowId rowId, System.Threading.CancellationToken cancellationToken) where T : ICollectRecord<T> => throw new NotSupportedException();
        public System.Threading.Tasks.Task<IReadOnlyList<RecordCount>> CountsAsync<T>(RowId rowId, System.Threading.CancellationToken cancellationToken) where T : ICollectRecord<T> => throw new NotSupportedException();
        public System.Threading.Tasks.Task<CollectPage<TChild>> ListSubRecordsAsync<TParent, TChild>(RowId parentRowId, CollectQuery? query, System.Threading.CancellationToken cancellationToken) where TParent : ICollectRecord<TParent> where TChild : ICollectRecord<TChild> => throw new NotSupportedException();
        public System.Threading.Tasks.Task<T> CreateAsync<T>(T record, BusinessLogic businessLogic, System.Threading.CancellationToken cancellationToken) where T : ICollectRecord<T> => throw new NotSupportedException();
        public System.Threading.Tasks.Task<T> UpdateAsync<T>(T original, T changed, System.Threading.CancellationToken cancellationToken) where T : ICollectRecord<T> => throw new NotSupportedException();
        public System.Threading.Tasks.Task DeleteAsync<T>(RowId rowId, System.Threading.CancellationToken cancellationToken) where T : ICollectRecord<T> => throw new NotSupportedException();
    }
}
