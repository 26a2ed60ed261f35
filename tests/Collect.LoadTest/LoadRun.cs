using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Collect.DevServer;
using Collect.Runtime;
using Microsoft.Extensions.Logging;

namespace Collect.LoadTest;

/// <summary>What to run.</summary>
public sealed record LoadOptions
{
    /// <summary>Concurrent clients, each with its own session (sign-in), connection and rows.</summary>
    public int Clients { get; init; } = 32;

    /// <summary>Requests in total (split evenly over the clients), sign-in and verification not counted.</summary>
    public int Requests { get; init; } = 20_000;

    /// <summary>Seeds each client's operation sequence, so every run sends the same mix.</summary>
    public int Seed { get; init; } = 20_260_314;

    /// <summary>
    /// One session (one sign-in, one token) shared by every client, as the clients of one application
    /// share it through dependency injection; otherwise each client signs in for itself.
    /// </summary>
    public bool SharedSession { get; init; }

    /// <summary>How long the server's access tokens live; short lifetimes make the clients refresh under load. Default: the server's 30 minutes.</summary>
    public TimeSpan? AccessTokenLifetime { get; init; }
}

/// <summary>The operations of the mix.</summary>
public enum LoadOperation
{
    /// <summary>A filtered, sorted list of the client's own rows (20%).</summary>
    List,

    /// <summary>One of the client's rows by id (20%).</summary>
    Get,

    /// <summary>A new debtor with full business logic (20%).</summary>
    Create,

    /// <summary>A PATCH of one or two columns of one of the client's rows (20%).</summary>
    Patch,

    /// <summary>A DELETE of one of the client's rows (10%).</summary>
    Delete,

    /// <summary>The sub-record counts of one of the client's rows (10%).</summary>
    Counts,
}

/// <summary>What a run measured and found.</summary>
public sealed record LoadResult
{
    /// <summary>The options run.</summary>
    public required LoadOptions Options { get; init; }

    /// <summary>Requests sent in the timed phase.</summary>
    public required int Requests { get; init; }

    /// <summary>The timed phase's wall-clock time.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Requests per second over the timed phase.</summary>
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    /// <summary>Latency percentiles of every request, in milliseconds.</summary>
    public required double P50 { get; init; }

    /// <inheritdoc cref="P50"/>
    public required double P95 { get; init; }

    /// <inheritdoc cref="P50"/>
    public required double P99 { get; init; }

    /// <inheritdoc cref="P50"/>
    public required double Max { get; init; }

    /// <summary>Requests and p50/p99 per operation.</summary>
    public required IReadOnlyList<(LoadOperation Operation, int Count, double P50, double P99)> ByOperation { get; init; }

    /// <summary>Requests that failed (an exception: a non-200 answer, a timeout, a transport failure).</summary>
    public required int Errors { get; init; }

    /// <summary>
    /// Answers during the run that disagreed with what the client had written: a read or a list count
    /// that did not match, a create or patch answered with other values.
    /// </summary>
    public required int Mismatches { get; init; }

    /// <summary>
    /// Found when reading everything back: a created row that is missing or lacks its last patched
    /// values, a deleted row that is still there, or a row nobody created.
    /// </summary>
    public required int LostWrites { get; init; }

    /// <summary>File numbers (de_number) held by more than one of the debtors read back (full business logic numbers them).</summary>
    public required int DuplicateNumbers { get; init; }

    /// <summary>Sign-ins and token refreshes the clients' sessions sent (outside the timed requests).</summary>
    public required int SignIns { get; init; }

    /// <inheritdoc cref="SignIns"/>
    public required int Refreshes { get; init; }

    /// <summary>Rows read back in the verification.</summary>
    public required int RowsVerified { get; init; }

    /// <summary>Rows each client created and deleted, summed.</summary>
    public required int Created { get; init; }

    /// <inheritdoc cref="Created"/>
    public required int Deleted { get; init; }

    /// <summary>The first few problems, for the report.</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    /// <summary>No errors, mismatches, lost writes or duplicate numbers.</summary>
    public bool Passed => Errors == 0 && Mismatches == 0 && LostWrites == 0 && DuplicateNumbers == 0;

    /// <summary>Writes the report: throughput, latency, per operation, rows, problems, PASSED or FAILED.</summary>
    public void WriteReport(TextWriter output)
    {
        output.WriteLine($"Throughput: {Requests:N0} requests in {Elapsed.TotalSeconds:F2} s = {RequestsPerSecond:N0} requests/s");
        output.WriteLine($"Latency:    p50 {P50:F2} ms, p95 {P95:F2} ms, p99 {P99:F2} ms, max {Max:F1} ms");
        foreach (var (operation, count, p50, p99) in ByOperation)
            output.WriteLine($"  {operation,-7} {count,7:N0} requests, p50 {p50,6:F2} ms, p99 {p99,6:F2} ms");
        output.WriteLine($"Rows:       {Created:N0} created, {Deleted:N0} deleted, {RowsVerified:N0} read back; sessions: {SignIns} sign-ins, {Refreshes} token refreshes");
        output.WriteLine($"Errors: {Errors}, mismatched answers: {Mismatches}, lost writes: {LostWrites}, duplicate file numbers: {DuplicateNumbers}");
        foreach (var problem in Problems) output.WriteLine("  " + problem);
        output.WriteLine(Passed ? "PASSED" : "FAILED");
    }
}

/// <summary>
/// The load test: starts the dev server in-process on a free loopback port (temporary data folder),
/// signs in one runtime client per simulated user, runs the fixed mix concurrently, then reads every
/// client's rows back and compares them with what the client wrote.
/// </summary>
public static class LoadRun
{
    /// <summary>Runs the load; <paramref name="log"/> gets progress lines.</summary>
    public static async Task<LoadResult> RunAsync(LoadOptions options, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Clients < 1 || options.Requests < options.Clients)
            throw new ArgumentException("Run at least one client and at least one request per client.", nameof(options));

        var folder = Path.Combine(Path.GetTempPath(), "collect-loadtest-" + Guid.NewGuid().ToString("N"));
        try
        {
            var serverOptions = new DevServerOptions { DataFolder = folder, Port = 0, MinimumLogLevel = LogLevel.Warning };
            if (options.AccessTokenLifetime is { } lifetime) serverOptions.AccessTokenLifetime = lifetime;
            await using var server = await CollectDevServer.StartAsync(serverOptions, cancellationToken).ConfigureAwait(false);
            log?.WriteLine($"Dev server at {server.BaseAddress} (in-process, SQLite in {folder})");
            return await RunAgainstAsync(server.BaseAddress, options, log, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private static async Task<LoadResult> RunAgainstAsync(Uri baseAddress, LoadOptions options, TextWriter? log, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var problems = new Problems();
        var clientOptions = new CollectClientOptions { BaseAddress = baseAddress, OperatorId = "OWN", Password = "own" };
        var sessions = Enumerable.Range(0, options.SharedSession ? 1 : options.Clients).Select(_ => new LoadSession(clientOptions)).ToList();
        var clients = Enumerable.Range(0, options.Clients)
            .Select(i => new LoadClient(sessions[i % sessions.Count], clientOptions, i, $"load-{run}-{i}", options.Requests / options.Clients + (i < options.Requests % options.Clients ? 1 : 0), options.Seed + i, problems))
            .ToList();
        try
        {
            // Sign in before the clock starts: the timed phase measures the data calls.
            var signIn = Stopwatch.StartNew();
            await Task.WhenAll(sessions.Select(s => s.Session.SignInAsync(cancellationToken))).ConfigureAwait(false);
            log?.WriteLine($"Signed in {sessions.Count} session{(sessions.Count == 1 ? "" : "s")} for {clients.Count} clients in {signIn.Elapsed.TotalSeconds:F1} s");

            using var start = new SemaphoreSlim(0);
            var workers = clients.Select(c => Task.Run(async () =>
            {
                await start.WaitAsync(cancellationToken).ConfigureAwait(false);
                await c.RunAsync(cancellationToken).ConfigureAwait(false);
            }, cancellationToken)).ToList();
            var clock = Stopwatch.StartNew();
            start.Release(clients.Count);
            await Task.WhenAll(workers).ConfigureAwait(false);
            var elapsed = clock.Elapsed;
            log?.WriteLine($"Sent {clients.Sum(c => c.Latencies.Count):N0} requests in {elapsed.TotalSeconds:F2} s; reading everything back");

            // Every client reads its own rows back (by its group id) and compares them with what it wrote.
            var verified = await Task.WhenAll(clients.Select(c => c.VerifyAsync(cancellationToken))).ConfigureAwait(false);
            var numbers = clients.SelectMany(c => c.StoredNumbers).ToList();
            var duplicates = numbers.Count - numbers.Distinct().Count();
            if (duplicates > 0) problems.Add($"{duplicates} file numbers are held by more than one debtor");

            var all = clients.SelectMany(c => c.Latencies).Select(l => l.Milliseconds).Order().ToArray();
            return new LoadResult
            {
                Options = options,
                Requests = all.Length,
                Elapsed = elapsed,
                P50 = Percentile(all, 0.50),
                P95 = Percentile(all, 0.95),
                P99 = Percentile(all, 0.99),
                Max = all.Length == 0 ? 0 : all[^1],
                ByOperation = clients.SelectMany(c => c.Latencies)
                    .GroupBy(l => l.Operation)
                    .OrderBy(g => g.Key)
                    .Select(g =>
                    {
                        var sorted = g.Select(l => l.Milliseconds).Order().ToArray();
                        return (g.Key, sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.99));
                    })
                    .ToList(),
                Errors = clients.Sum(c => c.Errors),
                Mismatches = clients.Sum(c => c.Mismatches),
                LostWrites = clients.Sum(c => c.LostWrites),
                DuplicateNumbers = duplicates,
                RowsVerified = verified.Sum(),
                SignIns = sessions.Sum(c => c.SignIns),
                Refreshes = sessions.Sum(c => c.Refreshes),
                Created = clients.Sum(c => c.Created),
                Deleted = clients.Sum(c => c.Deleted),
                Problems = problems.First,
            };
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
            foreach (var session in sessions) session.Dispose();
        }
    }

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    internal static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>The first problems found, thread-safe.</summary>
internal sealed class Problems
{
    private readonly ConcurrentQueue<string> _items = new();

    public void Add(string problem)
    {
        if (_items.Count < 20) _items.Enqueue(problem);
    }

    public IReadOnlyList<string> First => _items.ToList();
}

/// <summary>
/// One simulated user: a runtime client with its own session, connection and rows (marked with its
/// own <c>de_group_id</c>), which tracks what each of its rows must hold.
/// </summary>
internal sealed class LoadClient : IDisposable
{
    private static readonly string[] Cities = ["Halifax", "Dartmouth", "Truro", "Sydney", "Moncton", "Saint John"];
    private static readonly string[] Statuses = ["NEW", "ACT", "REV", "PIF"];

    private readonly HttpClient _http;
    private readonly LoadDb _db;
    private readonly int _index;
    private readonly string _tag;
    private readonly int _requests;
    private readonly Random _random;
    private readonly Problems _problems;

    // What the server must hold: every live row as last written, and the ids deleted.
    private readonly Dictionary<RowId, Debtor> _live = [];
    private readonly List<RowId> _liveIds = [];
    private readonly List<RowId> _deleted = [];
    private int _sequence;

    public LoadClient(LoadSession session, CollectClientOptions options, int index, string tag, int requests, int seed, Problems problems)
    {
        // The real pipeline: the authentication handler (Bearer, refresh, renewal on 401) over a connection of the client's own.
        _http = new HttpClient(new CollectAuthenticationHandler(session.Session) { InnerHandler = new SocketsHttpHandler() });
        _db = new LoadDb(new CollectRecordClient(_http, options));
        _index = index;
        _tag = tag;
        _requests = requests;
        _random = new Random(seed);
        _problems = problems;
    }

    public List<(LoadOperation Operation, double Milliseconds)> Latencies { get; } = [];
    /// <summary>The file numbers of the rows read back (the server reuses the number of a deleted last debtor, so only rows that exist together must differ).</summary>
    public List<long> StoredNumbers { get; } = [];
    public int Errors { get; private set; }
    public int Mismatches { get; private set; }
    public int LostWrites { get; private set; }
    public int Created { get; private set; }
    public int Deleted => _deleted.Count;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < _requests; i++)
        {
            var roll = _random.Next(100);
            var operation = roll switch
            {
                < 20 => LoadOperation.List,
                < 40 => LoadOperation.Get,
                < 60 => LoadOperation.Create,
                < 80 => LoadOperation.Patch,
                < 90 => LoadOperation.Delete,
                _ => LoadOperation.Counts,
            };
            // Operations on a row need one; until the client has rows it creates them.
            if (_liveIds.Count == 0 && operation is not (LoadOperation.List or LoadOperation.Create)) operation = LoadOperation.Create;

            var started = Stopwatch.GetTimestamp();
            try
            {
                await RunOneAsync(operation, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Errors++;
                _problems.Add($"client {_index}, {operation}: {e.GetType().Name}: {e.Message}");
            }
            Latencies.Add((operation, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        }
    }

    private async Task RunOneAsync(LoadOperation operation, CancellationToken ct)
    {
        switch (operation)
        {
            case LoadOperation.List:
            {
                // The server must count exactly the client's own rows that match.
                var threshold = _random.Next(0, 500);
                var page = await _db.Debtors.ListAsync(new CollectQuery
                {
                    Filter = Debtor.Filter.GroupId.Eq(_tag) & Debtor.Filter.Owing.Gte(threshold),
                    Sort = [Debtor.Sort.Owing.Descending],
                    Limit = 20,
                }, ct).ConfigureAwait(false);
                var expected = _live.Values.Count(d => d.Owing >= threshold);
                if (page.NumRecords != expected) Mismatch($"a list counted {page.NumRecords} rows owing at least {threshold}, not {expected}");
                if (page.Rows.Zip(page.Rows.Skip(1)).Any(p => p.First.Owing < p.Second.Owing)) Mismatch("a list was not sorted by owing, descending");
                break;
            }
            case LoadOperation.Get:
            {
                var id = Pick();
                var row = await _db.Debtors.GetAsync(id, ct).ConfigureAwait(false);
                if (row != _live[id]) Mismatch($"debtor {id} read {Show(row)}, wrote {Show(_live[id])}");
                break;
            }
            case LoadOperation.Create:
            {
                var n = ++_sequence;
                var sent = new Debtor
                {
                    GroupId = _tag,
                    Name = $"Load {_index}-{n}",
                    Owing = _random.Next(0, 100_000) / 100m,
                    City = Cities[_random.Next(Cities.Length)],
                };
                var row = await _db.Debtors.CreateAsync(sent, BusinessLogic.FullLogic, ct).ConfigureAwait(false);
                Created++;
                if (row.RowId is not { } id)
                {
                    Mismatch("a create answered no row id");
                    return;
                }
                if (row.Name != sent.Name || row.Owing != sent.Owing || row.City != sent.City || row.GroupId != _tag || row.Status != "NEW" || row.Number is null)
                    Mismatch($"debtor {id} was created as {Show(row)}, sent {Show(sent)}");
                _live[id] = row;
                _liveIds.Add(id);
                break;
            }
            case LoadOperation.Patch:
            {
                var id = Pick();
                var original = _live[id];
                // Always a real change (so a request is sent): the amount, plus sometimes the city or status.
                var changed = original with { Owing = (original.Owing ?? 0) + 0.01m * (1 + _random.Next(1000)) };
                switch (_random.Next(3))
                {
                    case 0: changed = changed with { City = Cities[_random.Next(Cities.Length)] + " " + _random.Next(100) }; break;
                    case 1: changed = changed with { Status = Statuses[_random.Next(Statuses.Length)] }; break;
                }
                var row = await _db.Debtors.UpdateAsync(original, changed, ct).ConfigureAwait(false);
                if (row != changed) Mismatch($"debtor {id} was patched to {Show(row)}, sent {Show(changed)}");
                _live[id] = changed;
                break;
            }
            case LoadOperation.Delete:
            {
                var id = Pick();
                await _db.Debtors.DeleteAsync(id, ct).ConfigureAwait(false);
                _live.Remove(id);
                _liveIds.Remove(id);
                _deleted.Add(id);
                break;
            }
            case LoadOperation.Counts:
            {
                var counts = await _db.Debtors.CountsAsync(Pick(), ct).ConfigureAwait(false);
                if (counts.Count == 0 || counts.Any(c => c.NumRecords != 0)) Mismatch("counts of a debtor without children were not all 0");
                break;
            }
        }
    }

    /// <summary>Reads every row with the client's group id back; returns how many were read.</summary>
    public async Task<int> VerifyAsync(CancellationToken cancellationToken)
    {
        var stored = new Dictionary<RowId, Debtor>();
        await foreach (var row in _db.Debtors.ListAllAsync(new CollectQuery { Filter = Debtor.Filter.GroupId.Eq(_tag), Limit = 1000 }, cancellationToken).ConfigureAwait(false))
        {
            stored[row.RowId!.Value] = row;
            if (row.Number is { } number) StoredNumbers.Add(number);
        }
        foreach (var (id, expected) in _live)
        {
            if (!stored.TryGetValue(id, out var row)) Lost($"debtor {id} (client {_index}) is missing");
            else if (row != expected) Lost($"debtor {id} (client {_index}) holds {Show(row)}, last written {Show(expected)}");
        }
        foreach (var id in _deleted)
            if (stored.ContainsKey(id)) Lost($"deleted debtor {id} (client {_index}) is still there");
        foreach (var id in stored.Keys)
            if (!_live.ContainsKey(id) && !_deleted.Contains(id)) Lost($"debtor {id} carries client {_index}'s group id but was never created by it");
        return stored.Count;
    }

    public void Dispose()
    {
        _http.Dispose();
    }

    private RowId Pick() => _liveIds[_random.Next(_liveIds.Count)];

    private void Mismatch(string problem)
    {
        Mismatches++;
        _problems.Add(problem);
    }

    private void Lost(string problem)
    {
        LostWrites++;
        _problems.Add(problem);
    }

    private static string Show(Debtor d) => $"{{{d.Name}, owing {d.Owing}, {d.City}, {d.Status}, file {d.Number}}}";
}

/// <summary>A <see cref="CollectSession"/> (sign-in and token refresh) that counts its sign-ins and refreshes.</summary>
internal sealed class LoadSession : IDisposable
{
    private readonly HttpClient _authHttp;
    private int _signIns;
    private int _refreshes;

    public LoadSession(CollectClientOptions options)
    {
        _authHttp = new HttpClient(new AuthCounter(this) { InnerHandler = new SocketsHttpHandler() });
        Session = new CollectSession(_authHttp, options);
    }

    public CollectSession Session { get; }
    public int SignIns => Volatile.Read(ref _signIns);
    public int Refreshes => Volatile.Read(ref _refreshes);

    public void Dispose() => _authHttp.Dispose();

    private sealed class AuthCounter(LoadSession session) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.AbsolutePath.EndsWith("/refresh", StringComparison.Ordinal) == true) Interlocked.Increment(ref session._refreshes);
            else Interlocked.Increment(ref session._signIns);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
