using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Collect.Runtime;
using Xunit;

namespace Collect.Codegen.Tests.Compile;

/// <summary>
/// The shipped schemas' generated code compiled into a real assembly, loaded, and used: the API
/// docs' payloads read and written through the generated types, and typed filters, sorts and
/// updates as a consuming project writes them (<see cref="ConsumerSource"/>).
/// </summary>
public class ShippedSchemaRuntimeTests
{
    /// <summary>
    /// Code a consuming project would write against the generated types; it is compiled with them
    /// (so it also shows the generated API reads as documented) and the tests call it.
    /// </summary>
    private const string ConsumerSource = """
        using System;
        using System.Threading.Tasks;
        using Collect.Runtime;

        namespace Consumer;

        public static class Usage
        {
            public static string DebtorFilter() =>
                (Debtor.Filter.Status.Eq(Debtor.StatusValues.New) & Debtor.Filter.Owing.Gt(100m)).ToString();

            public static string QuotedFilter() =>
                (Debtor.Filter.Name.Eq("Smith, John") & Debtor.Filter.Name.Ne("O'Brien") & Debtor.Filter.City.In("Paris", " Rome", "(x)")).ToString();

            public static string TypedFilter() =>
                (Contact.Filter.Date.Gte(new DateOnly(2023, 1, 12))
                    & Contact.Filter.CreationTime.Lt(new TimeOnly(13, 28, 21))
                    & Contact.Filter.RowIdDebtor.Eq(123)
                    & Contact.Filter.Completed.Eq(false)
                    & Contact.Filter.Type.In(5, 6)).ToString();

            public static string Sort() =>
                string.Join(",", new SortKey[] { Contact.Sort.Date.Descending, Contact.Sort.Priority, Contact.Sort.Time.Ascending });

            public static Contact Reschedule(Contact contact) =>
                contact with { Description = "Please review Sales account", Priority = 25, Time = null };

            public static ICollectForm AnswerPrompt(ICollectForm prompt) =>
                (ScheduleNextContactForm)prompt with
                {
                    Description = "Please review Sales account",
                    Priority = 25,
                    Who = "SAL",
                    Date = new DateOnly(2023, 1, 13),
                    CreationDate = new DateOnly(2023, 1, 29),
                };

            public static int OkButton() => ScheduleNextContactForm.Buttons.Ok;

            public static Task ReadSubRecords(ICollectRecordApi api)
            {
                var db = new CollectDb(api);
                return Task.WhenAll(
                    db.Debtors.ListContactsAsync(123),
                    db.Debtors.ListDeTransactionsAsync(123),
                    db.Clients.ListDebtorsAsync(7),
                    db.Operators.ListAsync());
            }

            public static bool RepositoriesAreCached(ICollectRecordApi api)
            {
                var db = new CollectDb(api);
                return ReferenceEquals(db.Contacts, db.Contacts) && db.Api == api && db.Contacts.TableName == "contact";
            }
        }
        """;

    private const string LoginOperator = """{"op_rowid":"1","op_id":"OWN","op_name":"Owner Of The Company","op_level":10,"op_function":1}""";

    /// <summary>The form prompt of EXAMPLES.md §11, with two values for columns the form does not declare.</summary>
    private const string FormPrompt = """
        {
          "websocket-id": "43tzLWO2RJzlxQPpsw4EOA==",
          "jobid": "BB384B01-4C01-4678-8D9D-63D6B53A8804",
          "type": "prompt",
          "subtype": "form",
          "formid": "35d01ff2-775d-ccb4-8f53-25d36f517384",
          "data": {
              "co_type": "5",
              "co_description": "Review file...",
              "co_priority": "30",
              "co_who": "OWN",
              "co_date": "2023-01-12",
              "co_originator": "OWN",
              "co_creation_date": "2023-01-12",
              "co_creation_time": "13:28:21",
              "co_who_from": "OWN",
              "co_lock": "1024",
              "co_time": "09:30:00",
              "co_rowid_debtor": 123
          }
        }
        """;

    /// <summary>The answer of EXAMPLES.md §11, followed by the undeclared values, sent back as they came.</summary>
    private const string FormAnswer = """
        {"jobid":"BB384B01-4C01-4678-8D9D-63D6B53A8804","button":4631,"data":{
        "co_type":"5","co_description":"Please review Sales account","co_priority":"25","co_who":"SAL","co_date":"2023-01-13",
        "co_originator":"OWN","co_creation_date":"2023-01-29","co_creation_time":"13:28:21","co_who_from":"OWN","co_lock":"1024",
        "co_time":"09:30:00","co_rowid_debtor":123}}
        """;

    private const string ContactRow = """
        {"co_rowid":"77","co_rowid_debtor":"123","co_type":"5","co_date":"2023-01-12","co_time":"09:30:00","co_priority":30,
         "co_description":"Review file...","co_amount":"150.75","co_completed":"0","co_creation_time":"13:28:21","co_lock":"1024"}
        """;

    private static readonly Lazy<Microsoft.CodeAnalysis.Compilation> Compilation = new(() =>
        StrictCompiler.AllWarningWaves(ConsumerCode.With(SharedRuns.Shipped, "ShippedConsumer", ConsumerSource)));

    private static readonly Lazy<GeneratedAssembly> Loaded = new(() => GeneratedAssembly.Load(Compilation.Value));

    private static Type Operator => Loaded.Value.Type("Consumer.Operator");

    private static Type Contact => Loaded.Value.Type("Consumer.Contact");

    private static T Usage<T>(string method, params object?[] arguments) => Loaded.Value.Call<T>("Consumer.Usage", method, arguments);

    private static object? Value(object record, string property) => record.GetType().GetProperty(property)!.GetValue(record);

    [Fact]
    public void ConsumerCodeCompilesCleanly() => StrictCompiler.AssertClean(Compilation.Value);

    [Fact]
    public void RuntimeResolvesToTheTestsOwnInstance()
    {
        Assert.Same(typeof(ICollectRecordApi).Assembly, Loaded.Value.Assembly.GetReferencedAssemblies()
            .Where(a => a.Name == "Collect.Runtime")
            .Select(a => System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(Loaded.Value.Assembly)!.LoadFromAssemblyName(a))
            .Single());
        Assert.Contains(typeof(ICollectRecord<>).MakeGenericType(Operator), Operator.GetInterfaces());
    }

    [Fact]
    public void LoginOperatorReadsFromMixedStringsAndNumbers()
    {
        var op = JsonSerializer.Deserialize(LoginOperator, Operator)!;

        Assert.Equal(new RowId(1), Value(op, "RowId"));
        Assert.Equal("OWN", Value(op, "Id"));
        Assert.Equal("Owner Of The Company", Value(op, "Name"));
        Assert.Equal(10, Value(op, "Level"));
        Assert.Equal(1, Value(op, "Function"));
    }

    [Fact]
    public void LoginOperatorWritesEveryValueAsAString()
    {
        var op = JsonSerializer.Deserialize(LoginOperator, Operator)!;

        var written = JsonSerializer.Serialize(op, Operator);

        Assert.Equal("""{"op_rowid":"1","op_id":"OWN","op_name":"Owner Of The Company","op_level":"10","op_function":"1"}""", written);
        Assert.Equal(op, JsonSerializer.Deserialize(written, Operator));
    }

    [Fact]
    public void RecordConverterIsTheRuntimes()
    {
        var converter = typeof(CollectRecordJsonConverter<>).MakeGenericType(Operator);
        var viaConverter = new JsonSerializerOptions { Converters = { (System.Text.Json.Serialization.JsonConverter)Activator.CreateInstance(converter)! } };

        Assert.Equal(JsonSerializer.Serialize(JsonSerializer.Deserialize(LoginOperator, Operator), Operator),
            JsonSerializer.Serialize(JsonSerializer.Deserialize(LoginOperator, Operator, viaConverter), Operator, viaConverter));
        Assert.Equal("nx_operator", RuntimeCalls.TableName(Operator));
        Assert.Equal("op_rowid", RuntimeCalls.RowIdColumn(Operator));
    }

    [Fact]
    public void FormPromptRoundTripsThroughTheRegistry()
    {
        using var prompt = JsonDocument.Parse(FormPrompt);
        var registry = (CollectFormRegistry)Loaded.Value.Type("Consumer.CollectDb").GetProperty("Forms")!.GetValue(null)!;

        Assert.True(registry.TryGet(prompt.RootElement.GetProperty("formid").GetString()!, out var descriptor));
        Assert.True(registry.TryGet("35D01FF2-775D-CCB4-8F53-25D36F517384", out _));
        Assert.Equal("Consumer.ScheduleNextContactForm", descriptor.FormType.FullName);
        Assert.Equal(new[] { new FormButton("Ok", 4631), new FormButton("Cancel", 4632) }, descriptor.Buttons);

        var form = descriptor.Read(prompt.RootElement.GetProperty("data"));
        Assert.Equal("Review file...", Value(form, "Description"));
        Assert.Equal(1024, Value(form, "Lock"));
        Assert.Equal(new DateOnly(2023, 1, 12), Value(form, "Date"));
        Assert.Equal(new TimeOnly(13, 28, 21), Value(form, "CreationTime"));
        Assert.Equal(new[] { "co_time", "co_rowid_debtor" }, form.OtherValues!.Keys);

        var answer = RuntimeCalls.Answer(Usage<ICollectForm>("AnswerPrompt", form), prompt.RootElement.GetProperty("jobid").GetString()!, Usage<int>("OkButton"));

        Assert.Equal(Minified(FormAnswer), answer);
    }

    [Fact]
    public void FormSerializesWithoutReflectionThroughItsConverter()
    {
        using var prompt = JsonDocument.Parse(FormPrompt);
        var data = prompt.RootElement.GetProperty("data").GetRawText();
        var formType = Loaded.Value.Type("Consumer.ScheduleNextContactForm");
        Assert.Equal(typeof(CollectFormJsonConverter<>).MakeGenericType(formType),
            formType.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonConverterAttribute), inherit: false)
                .Cast<System.Text.Json.Serialization.JsonConverterAttribute>().Single().ConverterType);

        // JsonSerializer reads and writes the prompt's data object as the registry does: values as
        // strings, the columns the form does not declare kept.
        var form = (ICollectForm)JsonSerializer.Deserialize(data, formType)!;
        Assert.Equal("Review file...", Value(form, "Description"));
        var written = JsonDocument.Parse(JsonSerializer.Serialize(form, formType));

        Assert.Equal(RuntimeCalls.Properties(prompt.RootElement.GetProperty("data")), RuntimeCalls.Properties(written.RootElement));
    }

    [Fact]
    public void FormWritesAnUnchangedPromptBackAsItCame()
    {
        using var prompt = JsonDocument.Parse(FormPrompt);
        var data = prompt.RootElement.GetProperty("data");
        var registry = (CollectFormRegistry)Loaded.Value.Type("Consumer.CollectDb").GetProperty("Forms")!.GetValue(null)!;
        Assert.True(registry.TryGet("35d01ff2-775d-ccb4-8f53-25d36f517384", out var descriptor));

        var answer = JsonDocument.Parse(RuntimeCalls.Answer(descriptor.Read(data), "job", 4632));

        Assert.Equal(RuntimeCalls.Properties(data), RuntimeCalls.Properties(answer.RootElement.GetProperty("data")));
    }

    [Fact]
    public void EmptyStringsReadAsNoValue()
    {
        const string row = """{"co_rowid":"77","co_rowid_debtor":"","co_type":"","co_date":"","co_time":"","co_description":"","co_amount":"","co_completed":"","co_who":null}""";

        var contact = JsonSerializer.Deserialize(row, Contact)!;

        Assert.Equal(new RowId(77), Value(contact, "RowId"));
        foreach (var property in new[] { "RowIdDebtor", "Type", "Date", "Time", "Description", "Amount", "Completed", "Who" })
            Assert.Null(Value(contact, property));
        Assert.Equal("""{"co_rowid":"77"}""", JsonSerializer.Serialize(contact, Contact));
    }

    [Fact]
    public void DatesAndTimesUseTheApisFormats()
    {
        var contact = JsonSerializer.Deserialize(ContactRow, Contact)!;

        Assert.Equal(new DateOnly(2023, 1, 12), Value(contact, "Date"));
        Assert.Equal(new TimeOnly(9, 30, 0), Value(contact, "Time"));
        Assert.Equal(new TimeOnly(13, 28, 21), Value(contact, "CreationTime"));
        Assert.Equal(150.75m, Value(contact, "Amount"));
        Assert.Equal(false, Value(contact, "Completed"));
        var written = RuntimeCalls.Properties(JsonSerializer.Serialize(contact, Contact));
        Assert.Equal("2023-01-12", written["co_date"]);
        Assert.Equal("09:30:00", written["co_time"]);
        Assert.Equal("13:28:21", written["co_creation_time"]);
        Assert.Equal("150.75", written["co_amount"]);
        Assert.Equal("0", written["co_completed"]);
        Assert.Equal("30", written["co_priority"]);
    }

    [Fact]
    public void TypedFiltersSpellTheApisFilterParameter()
    {
        Assert.Equal("de_status=NEW,de_owing__gt=100", Usage<string>("DebtorFilter"));
        Assert.Equal("de_name='Smith, John',de_name__ne='O''Brien',de_city__in=(Paris,' Rome','(x)')", Usage<string>("QuotedFilter"));
        Assert.Equal("co_date__gte=2023-01-12,co_creation_time__lt=13:28:21,co_rowid_debtor=123,co_completed=0,co_type__in=(5,6)", Usage<string>("TypedFilter"));
    }

    [Fact]
    public void SortKeysSpellTheApisSortParameter() => Assert.Equal("-co_date,co_priority,co_time", Usage<string>("Sort"));

    [Fact]
    public void WriteColumnsWithABaselineWritesOnlyChangedColumns()
    {
        var original = JsonSerializer.Deserialize(ContactRow, Contact)!;
        var changed = Usage<object>("Reschedule", original);

        Assert.Equal("""{"co_time":"","co_priority":"25","co_description":"Please review Sales account"}""", RuntimeCalls.WriteColumns(changed, original));
        Assert.Equal("{}", RuntimeCalls.WriteColumns(original, original));
        Assert.Equal(RuntimeCalls.Properties(ContactRow).Count, RuntimeCalls.Properties(RuntimeCalls.WriteColumns(original)).Count);
    }

    [Fact]
    public async Task RepositoriesCallTheirOwnTables()
    {
        var api = new RecordingApi();

        await Usage<Task>("ReadSubRecords", api);

        Assert.Equal(
            new[] { "GET client/7/debtor", "GET debtor/123/contact", "GET debtor/123/de_transaction", "GET nx_operator" },
            api.Calls.OrderBy(c => c, StringComparer.Ordinal));
        Assert.True(Usage<bool>("RepositoriesAreCached", api));
    }

    public static TheoryData<string> RecordTypes() => new(new[]
    {
        "ApplicationForm", "Attachment", "ClAttachment", "Client", "Contact", "ContactPlan", "Cosigner", "DeTransaction", "Debtor", "Operator",
    });

    [Theory]
    [MemberData(nameof(RecordTypes))]
    public void EveryColumnRoundTrips(string typeName)
    {
        var type = Loaded.Value.Type("Consumer." + typeName);
        var row = RuntimeCalls.SampleRow(type);

        var written = JsonSerializer.Serialize(JsonSerializer.Deserialize(row, type), type);

        Assert.Equal(RuntimeCalls.Properties(row), RuntimeCalls.Properties(written));
    }

    private static string Minified(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }
}
