using System;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Collect.Benchmarks.Infrastructure;

/// <summary>
/// Adds the P50, P95 and P99 columns. They are percentiles of the iterations' times, so they are
/// per-operation percentiles only where an iteration is one operation (a monitoring job).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class PercentileColumnsAttribute()
    : ColumnConfigBaseAttribute(StatisticColumn.P50, StatisticColumn.P95, new PercentileColumn(99));

/// <summary>
/// A percentile column for any percentile (BenchmarkDotNet has fixed ones up to P95 and P100), in the
/// time unit that suits the table's fastest mean.
/// </summary>
public sealed class PercentileColumn(int percentile) : IColumn
{
    public string Id => "Percentile" + percentile.ToString(CultureInfo.InvariantCulture);
    public string ColumnName => "P" + percentile.ToString(CultureInfo.InvariantCulture);
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Statistics;
    public int PriorityInCategory => 100 + percentile;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Time;
    public string Legend => $"Percentile {percentile}: {percentile}% of the operations took at most this long";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (summary[benchmarkCase]?.ResultStatistics is not { } statistics) return "NA";
        var fastest = summary.Reports.Where(r => r.ResultStatistics is not null).Select(r => r.ResultStatistics!.Mean).DefaultIfEmpty(0).Min();
        var (unit, scale) = fastest switch
        {
            < 1e3 => ("ns", 1.0),
            < 1e6 => ("μs", 1e3),
            < 1e9 => ("ms", 1e6),
            _ => ("s", 1e9),
        };
        return (statistics.Percentiles.Percentile(percentile) / scale).ToString("N2", CultureInfo.InvariantCulture) + " " + unit;
    }
}
