using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Collect.Benchmarks.Generated;
using Collect.Benchmarks.Infrastructure;
using Collect.Benchmarks.Inputs;
using Collect.Runtime;
using Refit;

namespace Collect.Benchmarks;

/// <summary>
/// Runtime group 1 (issue 3): the client overhead of one record call, against an in-memory
/// <see cref="HttpMessageHandler"/> that answers canned bytes (<see cref="InMemoryCollectHandler"/>),
/// so only the clients differ. Two calls: a row by id and a page of 100 rows of the 37-column
/// <c>debtor</c> table. Four clients, each set up as its documentation recommends and each sending
/// the same request with <c>Authorization: Bearer</c> and <c>x-collect-database</c> (checked in the
/// set-up, as are the values read):
/// <list type="bullet">
/// <item>Baseline: hand-written <see cref="HttpClient"/> + System.Text.Json source generation
/// (<see cref="BaselineJson"/>), headers as the client's defaults.</item>
/// <item>Refit 16.4.0: a source-generated client (<c>RestService.ForGenerated</c>) over the same
/// HttpClient set-up and the same JSON context.</item>
/// <item>Ours: the generated <c>CollectDb.Debtors</c> over <see cref="CollectRecordClient"/>, with the
/// token as the HttpClient's default header (no sign-in) and the database from the options.</item>
/// <item>Ours with sign-in: the same, behind <see cref="CollectAuthenticationHandler"/> with a session
/// signed in during the set-up (the pipeline <c>AddCollectClient</c> builds, without logging).</item>
/// </list>
/// Targets: ours ≤ 1.3× the baseline's time and allocation, and no slower / no more allocation than Refit.
/// </summary>
[MemoryDiagnoser]
[ShortInProcessJob(warmupCount: 5, iterationCount: 30)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RecordClientBenchmarks
{
    private const string Get = "Get by id";
    private const string List = "List 100 rows";

    private static readonly Uri BaseAddress = new("http://collect.test/");

    private readonly long _rowId = CannedDebtors.SingleRowId;
    private InMemoryCollectHandler _handler = null!;
    private HttpClient _plain = null!;
    private IDebtorRefitApi _refit = null!;
    private HttpClient _runtimeHttp = null!;
    private CollectDb _db = null!;
    private HttpClient _signInHttp = null!;
    private HttpClient _signedInHttp = null!;
    private CollectDb _signedInDb = null!;

    [GlobalSetup]
    public void Setup()
    {
        _handler = new InMemoryCollectHandler();

        // Hand-written and Refit: one HttpClient with the token and the database as default headers.
        _plain = new HttpClient(_handler, disposeHandler: false) { BaseAddress = BaseAddress };
        _plain.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CannedDebtors.AccessToken);
        _plain.DefaultRequestHeaders.TryAddWithoutValidation("x-collect-database", CannedDebtors.DatabaseHeaderValue);
        _refit = RestService.ForGenerated<IDebtorRefitApi>(_plain, BaselineJson.Default);

        // Ours: the infinite HttpClient timeout AddCollectClient sets (RequestTimeout bounds each call).
        var options = new CollectClientOptions { BaseAddress = BaseAddress, Database = "demodb" };
        _runtimeHttp = new HttpClient(_handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        _runtimeHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CannedDebtors.AccessToken);
        _db = new CollectDb(new CollectRecordClient(_runtimeHttp, options));

        // Ours with sign-in: signed in here, so the measured calls only take the cached token.
        var signInOptions = new CollectClientOptions { BaseAddress = BaseAddress, Database = "demodb", OperatorId = "OWN", Password = "own" };
        _signInHttp = new HttpClient(_handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        var session = new CollectSession(_signInHttp, signInOptions);
        var authentication = new CollectAuthenticationHandler(session) { InnerHandler = _handler };
        _signedInHttp = new HttpClient(authentication, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        _signedInDb = new CollectDb(new CollectRecordClient(_signedInHttp, signInOptions));
        session.SignInAsync().GetAwaiter().GetResult();

        Check();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plain.Dispose();
        _runtimeHttp.Dispose();
        _signedInHttp.Dispose();
        _signInHttp.Dispose();
        _handler.Dispose();
    }

    // ---- Get by id ----

    /// <summary>Baseline: <c>GetAsync</c>, status check, <c>ReadFromJsonAsync</c> with the generated context.</summary>
    [Benchmark(Baseline = true, Description = "Hand-written HttpClient + STJ source gen")]
    [BenchmarkCategory(Get)]
    public async Task<DebtorDto> HandWrittenGet()
    {
        using var response = await _plain.GetAsync(string.Create(CultureInfo.InvariantCulture, $"{CannedDebtors.TablePath}/{_rowId}"), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync(BaselineJson.Default.DebtorResponse);
        return body is { Status: 200, Data: { } row } ? row : throw new InvalidOperationException("The answer holds no row.");
    }

    [Benchmark(Description = "Refit 16.4.0 (source-generated, same JSON context)")]
    [BenchmarkCategory(Get)]
    public async Task<DebtorDto> RefitGet()
    {
        var body = await _refit.GetDebtorAsync(_rowId);
        return body is { Status: 200, Data: { } row } ? row : throw new InvalidOperationException("The answer holds no row.");
    }

    [Benchmark(Description = "Ours: CollectDb.Debtors.GetAsync")]
    [BenchmarkCategory(Get)]
    public Task<Debtor> RuntimeGet() => _db.Debtors.GetAsync(_rowId);

    [Benchmark(Description = "Ours, behind CollectAuthenticationHandler")]
    [BenchmarkCategory(Get)]
    public Task<Debtor> RuntimeSignedInGet() => _signedInDb.Debtors.GetAsync(_rowId);

    // ---- List 100 rows ----

    [Benchmark(Baseline = true, Description = "Hand-written HttpClient + STJ source gen")]
    [BenchmarkCategory(List)]
    public async Task<List<DebtorDto>> HandWrittenList()
    {
        using var response = await _plain.GetAsync(string.Create(CultureInfo.InvariantCulture, $"{CannedDebtors.TablePath}?limit={CannedDebtors.ListRows}"), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync(BaselineJson.Default.DebtorListResponse);
        return body is { Status: 200, Data: { } rows } ? rows : throw new InvalidOperationException("The answer holds no rows.");
    }

    [Benchmark(Description = "Refit 16.4.0 (source-generated, same JSON context)")]
    [BenchmarkCategory(List)]
    public async Task<List<DebtorDto>> RefitList()
    {
        var body = await _refit.ListDebtorsAsync(CannedDebtors.ListRows);
        return body is { Status: 200, Data: { } rows } ? rows : throw new InvalidOperationException("The answer holds no rows.");
    }

    [Benchmark(Description = "Ours: CollectDb.Debtors.ListAsync")]
    [BenchmarkCategory(List)]
    public Task<CollectPage<Debtor>> RuntimeList() => _db.Debtors.ListAsync(new CollectQuery { Limit = CannedDebtors.ListRows });

    [Benchmark(Description = "Ours, behind CollectAuthenticationHandler")]
    [BenchmarkCategory(List)]
    public Task<CollectPage<Debtor>> RuntimeSignedInList() => _signedInDb.Debtors.ListAsync(new CollectQuery { Limit = CannedDebtors.ListRows });

    // Every client sends the same request and reads the same values.
    private void Check()
    {
        _handler.Record = true;
        try
        {
            var expected = CheckGet(HandWrittenGet, "hand-written", null);
            CheckGet(RefitGet, "Refit", expected);
            CheckGet(async () => Dto(await RuntimeGet()), "ours", expected);
            CheckGet(async () => Dto(await RuntimeSignedInGet()), "ours with sign-in", expected);

            var expectedList = CheckList(HandWrittenList, "hand-written", null);
            CheckList(RefitList, "Refit", expectedList);
            CheckList(async () => Page(await RuntimeList()), "ours", expectedList);
            CheckList(async () => Page(await RuntimeSignedInList()), "ours with sign-in", expectedList);
        }
        finally
        {
            _handler.Record = false;
        }
    }

    private (string Request, string Row) CheckGet(Func<Task<DebtorDto>> call, string who, (string Request, string Row)? expected)
    {
        var row = Describe(call().GetAwaiter().GetResult());
        var request = Request(who);
        if (expected is { } e && (e.Request != request || e.Row != row))
            throw new InvalidOperationException($"Get by id, {who}: sent '{request}' and read '{row}'; the baseline sent '{e.Request}' and read '{e.Row}'.");
        return (request, row);
    }

    private (string Request, string Rows) CheckList(Func<Task<List<DebtorDto>>> call, string who, (string Request, string Rows)? expected)
    {
        var rows = call().GetAwaiter().GetResult();
        if (rows.Count != CannedDebtors.ListRows) throw new InvalidOperationException($"List, {who}: {rows.Count} rows.");
        var text = Describe(rows[0]) + " … " + Describe(rows[^1]);
        var request = Request(who);
        if (expected is { } e && (e.Request != request || e.Rows != text))
            throw new InvalidOperationException($"List, {who}: sent '{request}' and read '{text}'; the baseline sent '{e.Request}' and read '{e.Rows}'.");
        return (request, text);
    }

    // Method, path, query and the two headers; the Accept header is the clients' own business.
    private string Request(string who)
    {
        var request = _handler.LastRequest ?? throw new InvalidOperationException($"{who} sent nothing.");
        if (!request.Contains("Authorization: Bearer " + CannedDebtors.AccessToken, StringComparison.Ordinal)
            || !request.Contains("x-collect-database: " + CannedDebtors.DatabaseHeaderValue + ";", StringComparison.Ordinal))
            throw new InvalidOperationException($"{who} did not send the token and the database header: {request}");
        return request[..request.IndexOf("; Accept", StringComparison.Ordinal)];
    }

    private static string Describe(DebtorDto row) => string.Join("|",
        row.RowId, row.RowIdClient, row.Number, row.Name, row.ContactName, row.AddressOk, row.Dob?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        row.Timezone, row.Email, row.User1, row.ChargeDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        row.Owing?.ToString(CultureInfo.InvariantCulture), row.Paid?.ToString(CultureInfo.InvariantCulture));

    private static DebtorDto Dto(Debtor row) => new()
    {
        RowId = row.RowId?.Value, RowIdClient = row.RowIdClient?.Value, Number = row.Number, Name = row.Name, ContactName = row.ContactName,
        AddressOk = row.AddressOk, Dob = row.Dob, Timezone = row.Timezone, Email = row.Email, User1 = row.User1,
        ChargeDate = row.ChargeDate, Owing = row.Owing, Paid = row.Paid,
    };

    private static List<DebtorDto> Page(CollectPage<Debtor> page)
    {
        if (page.NumRecords != 15398 || page.NumPages != 154)
            throw new InvalidOperationException($"Ours read {page.NumRecords} records in {page.NumPages} pages.");
        var rows = new List<DebtorDto>(page.Rows.Count);
        foreach (var row in page.Rows) rows.Add(Dto(row));
        return rows;
    }
}
