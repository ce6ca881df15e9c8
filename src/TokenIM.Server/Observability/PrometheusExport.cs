using System.Diagnostics.Metrics;
using Prometheus;

namespace TokenIM.Server.Observability;

/// <summary>
/// Publishes the host's <see cref="System.Diagnostics.Metrics"/> meters (every instrument of the
/// <c>TokenIM</c> meter, ASP.NET Core's, Kestrel's, the runtime's) and process figures in a Prometheus
/// registry of this host's own. Started with the application, not on the first scrape: a meter
/// listener misses whatever was recorded before it listened.
/// </summary>
public sealed class PrometheusExport : IDisposable
{
    private static readonly double[] FallbackBuckets = [.. TokenIMMetrics.DurationBuckets];

    private readonly IDisposable _meterAdapter;

    public PrometheusExport(IMeterFactory meterFactory)
    {
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        _meterAdapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,
            // The adapter writes through this factory, not the registry, unless told otherwise.
            MetricFactory = Metrics.WithCustomRegistry(Registry),
            InstrumentFilterPredicate = instrument => IsExported(instrument.Meter, meterFactory),
            // The adapter drops a series that has not changed for this long, and a counter's series comes
            // back from zero (rate() reads that as a reset). Our tags have few values, so series may live
            // as long as the adapter allows.
            MetricsExpireAfter = TimeSpan.FromDays(1),
            ResolveHistogramBuckets = instrument => instrument is Histogram<double> { Advice.HistogramBucketBoundaries: { } advised }
                ? [.. advised]
                : FallbackBuckets,
        });
    }

    public CollectorRegistry Registry { get; }

    public void Dispose() => _meterAdapter.Dispose();

    // A meter made by a host's IMeterFactory has that factory as its scope; process-wide meters (the
    // runtime's) have none. Another host's in the same process (tests run several) is not ours, and
    // .NET's "Private.InternalDiagnostics.*" meters are its own debugging aids, not operators' figures.
    // Two of ASP.NET Core's meters are left out for their cost: the memory pool's records every rent and return
    // of a buffer (4 % of a history page's CPU when exported) and routing's every endpoint match; neither tells an
    // operator more than the request and connection figures do. A meter nobody listens to records nothing.
    private static bool IsExported(Meter meter, IMeterFactory meterFactory) =>
        (meter.Scope is null || ReferenceEquals(meter.Scope, meterFactory))
        && !meter.Name.StartsWith("Private.", StringComparison.Ordinal)
        && meter.Name is not ("Microsoft.AspNetCore.MemoryPool" or "Microsoft.AspNetCore.Routing");
}
