using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Collect.Benchmarks;

/// <summary>
/// <c>-- --socket-loop [--prompts N] [--gap-ms G]</c>: the prompts of <see cref="SocketPromptBenchmarks"/> in a
/// measured loop of its own that interleaves the four rows (echo and ours, button and form, in a
/// rotating order), so that a machine whose speed drifts during the run (shared 2-core VMs do)
/// slows every row alike, and the per-prompt percentiles stay comparable. Each prompt is timed on
/// its own (<see cref="Stopwatch"/>), with a pause of G ms (default 1) between prompts, in which our
/// answers are acknowledged (<c>end</c>) and handled: prompts are rare events, so each one meets
/// idle threads, as in use. <c>--gap-ms 0</c> sends them back to back (busy threads). Allocated bytes per prompt come from a separate,
/// non-interleaved pass per row (the process's allocations, so both ends, and for ours the
/// handling of the <c>end</c> acknowledgement).
/// </summary>
public static class SocketPromptLoop
{
    public static int Run(string[] args)
    {
        var index = Array.IndexOf(args, "--prompts");
        var prompts = index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : 10_000;
        var warmup = Math.Max(500, prompts / 10);
        var gapIndex = Array.IndexOf(args, "--gap-ms");
        var gap = gapIndex >= 0 && gapIndex + 1 < args.Length ? int.Parse(args[gapIndex + 1], CultureInfo.InvariantCulture) : 1;

        var benchmarks = new SocketPromptBenchmarks();
        benchmarks.Setup();
        try
        {
            var rows = new (string Category, string Name, Func<Task<int>> Prompt, bool Ours)[]
            {
                ("Button prompt", "Raw ClientWebSocket echo", benchmarks.EchoButton, false),
                ("Button prompt", "Ours: RunJobAsync, OnButton", benchmarks.RuntimeButton, true),
                ("Form prompt", "Raw ClientWebSocket echo", benchmarks.EchoForm, false),
                ("Form prompt", "Ours: RunJobAsync, OnForm<ScheduleNextContactForm>", benchmarks.RuntimeForm, true),
            };

            void Once(int row)
            {
                rows[row].Prompt().GetAwaiter().GetResult();
                if (rows[row].Ours) benchmarks.Acknowledge();
            }

            Console.WriteLine($"Warming up ({warmup} prompts per row)...");
            for (var i = 0; i < warmup; i++)
                for (var row = 0; row < rows.Length; row++)
                    Once(row);

            Console.WriteLine("Measuring allocations...");
            var allocated = new double[rows.Length];
            for (var row = 0; row < rows.Length; row++)
            {
                const int count = 2_000;
                Thread.Sleep(100);
                var before = GC.GetTotalAllocatedBytes(precise: true);
                for (var i = 0; i < count; i++) Once(row);
                Thread.Sleep(100);
                allocated[row] = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)count;
            }

            Console.WriteLine($"Measuring {prompts} prompts per row, interleaved...");
            var samples = rows.Select(_ => new double[prompts]).ToArray();
            for (var i = 0; i < prompts; i++)
            {
                for (var k = 0; k < rows.Length; k++)
                {
                    var row = (i + k) % rows.Length;
                    if (gap > 0) Thread.Sleep(gap);
                    var start = Stopwatch.GetTimestamp();
                    rows[row].Prompt().GetAwaiter().GetResult();
                    samples[row][i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                    if (rows[row].Ours) benchmarks.Acknowledge();
                }
            }

            Console.WriteLine();
            Console.WriteLine($"Per prompt, {prompts} prompts per row, interleaved, {gap} ms between prompts; μs; ratio = ours ÷ echo at the same statistic.");
            Console.WriteLine();
            Console.WriteLine("| Row | Category | Mean | P50 | P95 | P99 | P50 ratio | P99 ratio | Allocated/prompt |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
            for (var row = 0; row < rows.Length; row++)
            {
                var sorted = samples[row].Order().ToArray();
                var baseline = samples[row - row % 2].Order().ToArray();
                var ratio50 = rows[row].Ours ? (Percentile(sorted, 50) / Percentile(baseline, 50)).ToString("0.00", CultureInfo.InvariantCulture) : "1.00";
                var ratio99 = rows[row].Ours ? (Percentile(sorted, 99) / Percentile(baseline, 99)).ToString("0.00", CultureInfo.InvariantCulture) : "1.00";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {rows[row].Name} | {rows[row].Category} | {sorted.Average():0.0} | {Percentile(sorted, 50):0.0} | {Percentile(sorted, 95):0.0} | {Percentile(sorted, 99):0.0} | {ratio50} | {ratio99} | {allocated[row]:N0} B |"));
            }
            return 0;
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    // Linear interpolation between the closest ranks (as BenchmarkDotNet's percentiles).
    private static double Percentile(double[] sorted, double percentile)
    {
        var rank = percentile / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}
