using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace Collect.Benchmarks;

/// <summary>
/// <c>-- --compile-cost [--rounds N]</c>: <see cref="CompileCostBenchmarks"/> interleaved. Each round
/// compiles and emits NSwag's client and our generated files for the 1,000 tables once each, in
/// alternating order, so that a machine whose speed drifts during the run (shared 2-core VMs do, by
/// ±20% over minutes) slows both sides alike; the ratio is taken per round and its median reported.
/// Allocated bytes are the process's allocations during each compile.
/// </summary>
public static class CompileCostLoop
{
    public static int Run(string[] args)
    {
        var index = Array.IndexOf(args, "--rounds");
        var rounds = index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : 5;

        var benchmarks = new CompileCostBenchmarks();
        benchmarks.Setup();   // generates both sides and checks that each compiles
        var sides = new (string Name, Func<object> Compile)[] { ("NSwag client", benchmarks.NSwag), ("Ours", benchmarks.Ours) };
        var times = sides.Select(_ => new List<double>()).ToArray();
        var bytes = sides.Select(_ => new List<double>()).ToArray();
        var ratios = new List<double>();

        Console.WriteLine($"Warming up, then {rounds} rounds of one compile + emit per side, alternating order...");
        foreach (var side in sides) side.Compile();
        for (var round = 0; round < rounds; round++)
        {
            var order = round % 2 == 0 ? new[] { 0, 1 } : new[] { 1, 0 };
            foreach (var s in order)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                sides[s].Compile();
                times[s].Add(watch.Elapsed.TotalSeconds);
                bytes[s].Add(GC.GetTotalAllocatedBytes(precise: true) - allocated);
            }
            ratios.Add(times[1][^1] / times[0][^1]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  round {round + 1}: NSwag {times[0][^1]:0.0} s, ours {times[1][^1]:0.0} s, ratio {ratios[^1]:0.00}"));
        }

        Console.WriteLine();
        Console.WriteLine($"| Side | Median | Min | Max | Allocated (median) | Ratio to NSwag (median of rounds) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        for (var s = 0; s < sides.Length; s++)
        {
            var ratio = s == 0 ? "1.00" : Median(ratios).ToString("0.00", CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {sides[s].Name} | {Median(times[s]):0.0} s | {times[s].Min():0.0} s | {times[s].Max():0.0} s | {Median(bytes[s]) / 1024 / 1024 / 1024:0.00} GB | {ratio} |"));
        }
        benchmarks.Cleanup();
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
