using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Collect.Benchmarks.Infrastructure;

/// <summary>
/// The job every benchmark here uses: a few warm-up and measured iterations (2 and 8 unless a
/// class asks otherwise), run in this process. In-process because the default out-of-process
/// toolchain rebuilds the generator, runtime and this project in a generated project for every
/// benchmark class: slow on 2 cores, and it fails whenever someone else's edit in the shared
/// checkout does not compile at that moment. <paramref name="monitoring"/> suits operations that
/// take seconds or more: one invocation per iteration, no pilot or overhead stages.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class ShortInProcessJobAttribute(int warmupCount = 2, int iterationCount = 8, bool monitoring = false)
    : JobConfigBaseAttribute(CreateJob(warmupCount, iterationCount, monitoring))
{
    private static Job CreateJob(int warmupCount, int iterationCount, bool monitoring)
    {
        var job = Job.Default
            .WithWarmupCount(warmupCount)
            .WithIterationCount(iterationCount)
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(2), logOutput: true))
            .WithId("ShortInProcess");
        return monitoring ? job.WithStrategy(RunStrategy.Monitoring) : job;
    }
}
