using System;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Collect.Benchmarks.Generated;
using Collect.Benchmarks.Infrastructure;
using Collect.Runtime;
using Collect.Runtime.Jobs;

namespace Collect.Benchmarks;

/// <summary>
/// Runtime group 2 (issue 3): what a user pays per web-socket prompt, on loopback through a real
/// Kestrel server (<see cref="PromptServer"/>). One operation is one prompt as the server sees it:
/// the server sends a prompt and waits until the whole answer has arrived. In between, ours
/// (<see cref="CollectSocket.RunJobAsync(Func{string, CancellationToken, Task}, CollectPromptHandlers, CollectJobOptions?, CancellationToken)"/>,
/// a job started in the set-up that stays open) receives the message, dispatches it by
/// <c>jobid</c>, runs the handler (a button position, or the typed generated
/// <see cref="ScheduleNextContactForm"/> edited with <c>with</c>) and sends the answer; the
/// baseline, a raw <see cref="ClientWebSocket"/>, sends the same message straight back. After each
/// of our prompts the server acknowledges with <c>end</c> as Collect! does, outside the measurement.
/// One operation per iteration (monitoring job), so P50/P95/P99 are per prompt. Allocated counts
/// both ends (the process's allocations), the server's share being the same for every row.
/// </summary>
[MemoryDiagnoser]
[ShortInProcessJob(warmupCount: 1000, iterationCount: 3000, monitoring: true)]
[PercentileColumns]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SocketPromptBenchmarks
{
    private const string Button = "Button prompt";
    private const string Form = "Form prompt";
    private const string JobId = "BB384B01-4C01-4678-8D9D-63D6B53A8804";
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);

    private static readonly byte[] Start = Utf8($$"""{"websocket-id":"{{PromptServer.SocketId}}","jobid":"{{JobId}}","type":"start"}""");
    private static readonly byte[] End = Utf8($$"""{"websocket-id":"{{PromptServer.SocketId}}","jobid":"{{JobId}}","type":"end"}""");

    // EXAMPLES.md's button prompt and form prompt (API.md §11).
    private static readonly byte[] ButtonPromptMessage = Utf8(
        "{\"websocket-id\":\"" + PromptServer.SocketId + "\",\"jobid\":\"" + JobId + "\",\"type\":\"prompt\",\"subtype\":\"button\"," +
        "\"message\":\"Do you want to proceed?\",\"buttons\":[\"Yes\",\"No\"]}");
    private static readonly byte[] FormPromptMessage = Utf8(
        "{\"websocket-id\":\"" + PromptServer.SocketId + "\",\"jobid\":\"" + JobId + "\",\"type\":\"prompt\",\"subtype\":\"form\"," +
        "\"formid\":\"35d01ff2-775d-ccb4-8f53-25d36f517384\",\"data\":{\"co_type\":\"5\",\"co_description\":\"Review file...\"," +
        "\"co_priority\":\"30\",\"co_who\":\"OWN\",\"co_date\":\"2023-01-12\",\"co_originator\":\"OWN\",\"co_creation_date\":\"2023-01-12\"," +
        "\"co_creation_time\":\"13:28:21\",\"co_who_from\":\"OWN\",\"co_lock\":\"1024\"}}");

    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly byte[] _echoBuffer = new byte[64 * 1024];
    private readonly TaskCompletionSource _jobDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PromptServer _server = null!;
    private ClientWebSocket _echoClient = null!;
    private WebSocket _echoServer = null!;
    private Task _echoLoop = null!;
    private CollectSocket _collect = null!;
    private WebSocket _collectServer = null!;
    private Task _job = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _server = await PromptServer.StartAsync();

        // Baseline: a raw ClientWebSocket that sends every message back as it came.
        _echoClient = new ClientWebSocket();
        await _echoClient.ConnectAsync(new Uri(_server.Address, "echo").ToWebSocket(), CancellationToken.None).WaitAsync(Safety);
        _echoServer = await _server.AcceptAsync(collect: false, Safety);
        _echoLoop = Task.Run(EchoAsync);

        // Ours: one job that stays open; its "HTTP call" is the start message, and it answers when the benchmark ends.
        _collect = new CollectSocket(new CollectSocketOptions { BaseAddress = _server.Address });
        var handlers = new CollectPromptHandlers(CollectDb.Forms)
            .OnButton(prompt => prompt.PositionOf("Yes"))
            .OnForm<ScheduleNextContactForm>(form => FormAnswer.Create(ScheduleNextContactForm.Buttons.Ok, form with
            {
                Description = "Please review Sales account",
                Priority = 25,
                Who = "SAL",
                Date = new DateOnly(2023, 1, 13),
            }));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _job = _collect.RunJobAsync(async (socketId, cancellationToken) =>
        {
            if (socketId != PromptServer.SocketId) throw new InvalidOperationException($"The job names socket '{socketId}'.");
            _collectServer = await _server.AcceptAsync(collect: true, Safety);
            await PromptServer.SendAsync(_collectServer, Start);
            started.TrySetResult();
            await _jobDone.Task.WaitAsync(cancellationToken);
        }, handlers,
        // One job carries every prompt of a benchmark run, and rows run one after another: no limits.
        new CollectJobOptions { JobTimeout = Timeout.InfiniteTimeSpan, AnswerTimeout = Timeout.InfiniteTimeSpan });
        await Task.WhenAny(started.Task, _job).WaitAsync(Safety);
        if (_job.IsFaulted) await _job;

        // Each row answers as expected.
        Expect(await RoundTripAsync(_echoServer, ButtonPromptMessage), Encoding.UTF8.GetString(ButtonPromptMessage), "echo, button");
        Expect(await RoundTripAsync(_echoServer, FormPromptMessage), Encoding.UTF8.GetString(FormPromptMessage), "echo, form");
        Expect(await RoundTripAsync(_collectServer, ButtonPromptMessage), $$"""{"jobid":"{{JobId}}","button":0}""", "ours, button");
        await PromptServer.SendAsync(_collectServer, End);
        Expect(await RoundTripAsync(_collectServer, FormPromptMessage),
            "{\"jobid\":\"" + JobId + "\",\"button\":4631,\"data\":{\"co_type\":\"5\",\"co_description\":\"Please review Sales account\"," +
            "\"co_priority\":\"25\",\"co_who\":\"SAL\",\"co_date\":\"2023-01-13\",\"co_originator\":\"OWN\",\"co_creation_date\":\"2023-01-12\"," +
            "\"co_creation_time\":\"13:28:21\",\"co_who_from\":\"OWN\",\"co_lock\":\"1024\"}}",
            "ours, form");
        await PromptServer.SendAsync(_collectServer, End);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _jobDone.TrySetResult();
        _job.WaitAsync(Safety).GetAwaiter().GetResult();
        _collect.DisposeAsync().AsTask().WaitAsync(Safety).GetAwaiter().GetResult();
        _echoClient.Abort();
        _echoClient.Dispose();
        try
        {
            _echoLoop.WaitAsync(Safety).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The echo loop ends with its socket.
        }
        _server.DisposeAsync().AsTask().WaitAsync(Safety).GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "Raw ClientWebSocket echo")]
    [BenchmarkCategory(Button)]
    public Task<int> EchoButton() => RoundTripAsync(_echoServer, ButtonPromptMessage);

    [Benchmark(Description = "Ours: RunJobAsync, OnButton")]
    [BenchmarkCategory(Button)]
    public Task<int> RuntimeButton() => RoundTripAsync(_collectServer, ButtonPromptMessage);

    [Benchmark(Baseline = true, Description = "Raw ClientWebSocket echo")]
    [BenchmarkCategory(Form)]
    public Task<int> EchoForm() => RoundTripAsync(_echoServer, FormPromptMessage);

    [Benchmark(Description = "Ours: RunJobAsync, OnForm<ScheduleNextContactForm>")]
    [BenchmarkCategory(Form)]
    public Task<int> RuntimeForm() => RoundTripAsync(_collectServer, FormPromptMessage);

    /// <summary>The server acknowledges our answer, as Collect! does, before the next prompt.</summary>
    [IterationCleanup(Targets = [nameof(RuntimeButton), nameof(RuntimeForm)])]
    public void Acknowledge() => PromptServer.SendAsync(_collectServer, End).AsTask().GetAwaiter().GetResult();

    /// <summary>Nothing to acknowledge; here so that every row runs the same job (an iteration cleanup makes it one operation per iteration).</summary>
    [IterationCleanup(Targets = [nameof(EchoButton), nameof(EchoForm)])]
    public void NoAcknowledgement()
    {
    }

    private async Task<int> RoundTripAsync(WebSocket server, byte[] prompt)
    {
        await PromptServer.SendAsync(server, prompt);
        return await PromptServer.ReceiveAsync(server, _buffer);
    }

    private async Task EchoAsync()
    {
        while (true)
        {
            var length = 0;
            while (true)
            {
                var result = await _echoClient.ReceiveAsync(_echoBuffer.AsMemory(length), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close) return;
                length += result.Count;
                if (result.EndOfMessage) break;
            }
            await _echoClient.SendAsync(_echoBuffer.AsMemory(0, length), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
    }

    private void Expect(int length, string expected, string what)
    {
        var actual = Encoding.UTF8.GetString(_buffer, 0, length);
        if (actual != expected)
            throw new InvalidOperationException($"{what}: the server received '{actual}', expected '{expected}'.");
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}

/// <summary>ws:// for http://.</summary>
internal static class WebSocketUris
{
    public static Uri ToWebSocket(this Uri address) => new UriBuilder(address) { Scheme = address.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" }.Uri;
}
