using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Collect.Benchmarks.Infrastructure;

/// <summary>
/// The job every benchmark here uses: 2 warm-up and 8 measured iterations, run in this process.
/// In-process because the default out-of-process toolchain rebuilds the generator, runtime and
/// this project in a generated project for every benchmark class: slow on 2 cores, and it fails
/// whenever anyone else's edit in the shared checkout does not compile at that moment.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class ShortInProcessJobAttribute : JobConfigBaseAttribute
{
    public ShortInProcessJobAttribute()
        : base(Job.Default
            .WithWarmupCount(2)
            .WithIterationCount(8)
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true))
            .WithId("ShortInProcess"))
    {
    }
}
