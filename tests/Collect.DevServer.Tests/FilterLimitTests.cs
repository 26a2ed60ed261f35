using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Collect.DevServer.Data;
using Collect.DevServer.Http;
using Collect.DevServer.Schema;
using Collect.DevServer.Tests.Infrastructure;
using Collect.Runtime;
using Xunit;

namespace Collect.DevServer.Tests;

/// <summary>
/// Filters at and over their documented limits (100 conditions, 1000 values in a list, 10,000 values in
/// all): at the limit they run and answer exactly the matching rows; over it they answer 400, never 500.
/// </summary>
[Collection(DevServerCollection.Name)]
public sealed class FilterLimitTests(DevServerFixture fixture)
{
    private readonly ApiClient _api = fixture.Api;

    private static IEnumerable<string> Numbers(int from, int count) => Enumerable.Range(from, count).Select(i => i.ToString(CultureInfo.InvariantCulture));

    // The query string keeps the filter's commas and parentheses as they are, so that long lists fit
    // in Kestrel's 8 KiB request line.
    private async Task<ApiResponse> ListAsync(CollectFilter filter, string table = "debtor") =>
        await _api.GetAsync($"api/v1/collect/data/{table}?limit=1000&sort=de_rowid&filter=" +
            Uri.EscapeDataString(filter.ToString()).Replace("%2C", ",", StringComparison.Ordinal).Replace("%28", "(", StringComparison.Ordinal).Replace("%29", ")", StringComparison.Ordinal));

    private async Task<string> SeedAsync(params (string Name, string Owing)[] rows)
    {
        var group = "lim" + Guid.NewGuid().ToString("N")[..10];
        foreach (var (name, owing) in rows)
            await _api.CreateAsync("debtor", new { de_group_id = group, de_name = name, de_owing = owing });
        return group;
    }

    private static FilterCondition Group(string group) => new FilterColumn<string>("de_group_id").Eq(group);

    [Fact]
    public async Task AnInListOf1000TextValuesRuns()
    {
        var group = await SeedAsync(("v1", "1"), ("v500", "2"), ("v1000", "3"), ("v1001", "4"), ("V1", "5"), ("", "6"));
        var values = Numbers(1, 1000).Select(n => "v" + n).ToArray();

        var answer = await ListAsync(Group(group) & new FilterColumn<string>("de_name").In(values));
        Assert.True(answer.Status == 200, answer.Text);
        Assert.Equal(["v1", "v500", "v1000"], ApiClient.Column(answer, "de_name")); // case-sensitive, as = is

        var not = await ListAsync(Group(group) & new FilterColumn<string>("de_name").NotIn(values));
        Assert.True(not.Status == 200, not.Text);
        Assert.Equal(["v1001", "V1", ""], ApiClient.Column(not, "de_name"));
    }

    [Fact]
    public async Task AnInListOf1000NumbersComparesByValue()
    {
        var group = await SeedAsync(("one", "1"), ("half", "998.50"), ("last", "999"), ("big", "1000"), ("none", ""), ("minus", "-1"));
        // 999 numbers, and the same values written differently: numbers compare by value.
        var numbers = Numbers(1, 999).ToArray();
        var owing = new FilterColumn<string>("de_owing");

        var notIn = await ListAsync(Group(group) & owing.NotIn(numbers));
        Assert.True(notIn.Status == 200, notIn.Text);
        Assert.Equal(["half", "big", "none", "minus"], ApiClient.Column(notIn, "de_name"));

        var mixed = numbers.Take(998).Append("998.5").Append("").ToArray(); // 1000 values, one empty
        var inList = await ListAsync(Group(group) & owing.In(mixed));
        Assert.True(inList.Status == 200, inList.Text);
        Assert.Equal(["one", "half", "none"], ApiClient.Column(inList, "de_name"));

        var notMixed = await ListAsync(Group(group) & owing.NotIn(mixed));
        Assert.Equal(["last", "big", "minus"], ApiClient.Column(notMixed, "de_name"));
    }

    [Fact]
    public async Task ARowIdListOf1000AndALongDateListRun()
    {
        var group = await SeedAsync(("a", "1"), ("b", "2"));
        var rows = await ListAsync(new CollectFilter(Group(group)));
        var ids = ApiClient.Column(rows, "de_rowid").Select(id => long.Parse(id!, CultureInfo.InvariantCulture)).ToList();
        var list = Numbers(1, 997).Concat(ids.Select(i => i.ToString(CultureInfo.InvariantCulture))).Append("").ToArray(); // 1000 values
        var byId = await ListAsync(Group(group) & new FilterColumn<string>("de_rowid").In(list));
        Assert.True(byId.Status == 200, byId.Text);
        Assert.Equal(["a", "b"], ApiClient.Column(byId, "de_name"));
        var notById = await ListAsync(Group(group) & new FilterColumn<string>("de_rowid").NotIn(list));
        Assert.True(notById.Status == 200, notById.Text);
        Assert.Empty(ApiClient.Rows(notById));

        // 600 dates fill most of the request line (1000 would not fit in it).
        var dates = Enumerable.Range(0, 600).Select(d => new DateOnly(1990, 1, 1).AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();
        var byDate = await ListAsync(Group(group) & new FilterColumn<string>("de_dob").NotIn(dates));
        Assert.True(byDate.Status == 200, byDate.Text);
        Assert.Equal(["a", "b"], ApiClient.Column(byDate, "de_name"));
    }

    [Fact]
    public async Task ListsOver1000ValuesAnswer400()
    {
        var values = Numbers(1, 1001).ToArray();
        var answer = await ListAsync(new CollectFilter(new FilterColumn<string>("de_owing").NotIn(values)));
        Assert.Equal(400, answer.Status);
        Assert.Contains("1000", answer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneHundredConditionsRunAndMoreAnswer400()
    {
        var group = await SeedAsync(("kept", "5"), ("dropped", "50"));
        var filter = new CollectFilter(Group(group));
        for (var i = 0; i < 99; i++)
            filter &= i % 2 == 0 ? new FilterColumn<string>("de_owing").Ne((i + 10).ToString(CultureInfo.InvariantCulture)) : new FilterColumn<string>("de_name").Ne("x" + i.ToString(CultureInfo.InvariantCulture));
        var answer = await ListAsync(filter);
        Assert.True(answer.Status == 200, answer.Text);
        Assert.Equal(["kept"], ApiClient.Column(answer, "de_name"));

        var over = await ListAsync(filter & new FilterColumn<string>("de_city").Ne("x"));
        Assert.Equal(400, over.Status);
        Assert.Contains("100 conditions", over.Message, StringComparison.Ordinal);
    }

    // The HTTP request line bounds what a client can send (8 KiB); the parser's limits allow far more.
    // These run the largest filters the parser accepts straight against a database.
    [Fact]
    public async Task TheLargestFilterTheParserAcceptsRunsInSqlite()
    {
        await using var db = await ScratchDatabase.CreateAsync();
        var table = db.Schema.Table("debtor")!;
        await db.InsertAsync(table, new() { ["de_name"] = "hit", ["de_owing"] = "5000.5", ["de_city"] = "c" });
        await db.InsertAsync(table, new() { ["de_name"] = "miss", ["de_owing"] = "7", ["de_city"] = "c" });

        // 100 conditions, 10,000 values: 9 lists of 1000 and 91 more conditions.
        var filter = new CollectFilter(new FilterColumn<string>("de_owing").NotIn(Numbers(1, 1000).ToArray()));
        for (var i = 1; i < 9; i++)
            filter &= i % 2 == 0
                ? new FilterColumn<string>("de_owing").NotIn(Numbers(i * 1000 + 1, 1000).ToArray())
                : new FilterColumn<string>("de_name").NotIn(Numbers(i * 1000, 1000).Select(n => "n" + n).ToArray());
        for (var i = 0; i < 90; i++)
            filter &= new FilterColumn<string>("de_city").Ne("x" + i.ToString(CultureInfo.InvariantCulture));
        filter &= new FilterColumn<string>("de_owing").In(Numbers(1, 909).Append("5000.50").ToArray());
        Assert.Equal(FilterParser.MaxTerms, filter.Conditions.Count);
        Assert.Equal(FilterParser.MaxTotalValues, filter.Conditions.Sum(c => c.Values.Count));

        var parsed = FilterParser.Parse(filter.ToString(), name => table.Column(name) is not null);
        var rows = await db.ListAsync(table, parsed);
        Assert.Equal(["hit"], rows.Select(r => r["de_name"]!).ToArray());

        // One more list of values is over the total.
        var over = Assert.Throws<ApiException>(() => FilterParser.Parse(
            (new CollectFilter(parsed.Take(99).ToArray()) & new FilterColumn<string>("de_owing").In(Numbers(1, 1000).ToArray())).ToString(), name => table.Column(name) is not null));
        Assert.Equal(400, over.Status);
    }

    [Fact]
    public async Task AStatementSqliteCannotRunIsA400()
    {
        // Past the parser (40,000 parameters, more than SQLite's 32766): the store answers 400, not 500.
        await using var db = await ScratchDatabase.CreateAsync();
        var table = db.Schema.Table("debtor")!;
        var filter = Enumerable.Range(0, 40).Select(i => new FilterCondition("de_owing", FilterOperator.NotIn, Numbers(i * 1000, 1000).ToArray())).ToList();
        var error = await Assert.ThrowsAsync<ApiException>(() => db.ListAsync(table, filter));
        Assert.Equal(400, error.Status);
        Assert.Contains("too large", error.Message, StringComparison.Ordinal);

        // A LIKE pattern longer than SQLite's 50,000 bytes (the request line cannot carry one); SQLite
        // checks it when it compares a row.
        await db.InsertAsync(table, new() { ["de_name"] = "row" });
        var like = new[] { new FilterCondition("de_name", FilterOperator.Like, [new string('%', 60_000)]) };
        error = await Assert.ThrowsAsync<ApiException>(() => db.ListAsync(table, like));
        Assert.Equal(400, error.Status);
    }
}

/// <summary>A database file of the shipped schemas in a temporary folder, for tests below HTTP.</summary>
internal sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string _folder;

    private ScratchDatabase(string folder, CollectDatabase database)
    {
        _folder = folder;
        Database = database;
    }

    public CollectDatabase Database { get; }

    public ServerSchema Schema => Database.Schema;

    public static async Task<ScratchDatabase> CreateAsync()
    {
        var folder = Directory.CreateTempSubdirectory("collect-scratch-").FullName;
        var schema = ServerSchema.Load(Path.Combine(AppContext.BaseDirectory, "schemas"), ["nx_operator"]);
        var database = new CollectDatabase("cv_scratch", Path.Combine(folder, "cv_scratch.db"), schema);
        await database.InitializeAsync([], [], CancellationToken.None);
        return new ScratchDatabase(folder, database);
    }

    public async Task<long> InsertAsync(ServerTable table, Dictionary<string, string> values)
    {
        await using var write = await Database.BeginWriteAsync(CancellationToken.None);
        var id = await RecordStore.InsertAsync(write.Connection, write.Transaction, table, values, CancellationToken.None);
        await write.CommitAsync(CancellationToken.None);
        return id;
    }

    public async Task<List<Row>> ListAsync(ServerTable table, IReadOnlyList<FilterCondition> filter)
    {
        await using var read = await Database.BeginReadAsync(CancellationToken.None);
        var (rows, _) = await RecordStore.ListAsync(read.Connection, read.Transaction, table,
            new ListQuery(filter, table.Columns, [], 1000, 1), null, CancellationToken.None);
        return rows;
    }

    public ValueTask DisposeAsync()
    {
        Database.ClearPool();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
        return ValueTask.CompletedTask;
    }
}
