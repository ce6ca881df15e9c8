using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TokenIM.Server.Observability;

/// <summary>
/// The body of <c>/healthz</c>: the overall status and each check's status and duration. Load balancers
/// read the status code; people read the body. Exceptions stay in the log.
/// </summary>
public static class HealthReportJson
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Milliseconds(report.TotalDuration),
            checks = report.Entries.Select(entry => new
            {
                name = entry.Key,
                status = entry.Value.Status.ToString(),
                durationMs = Milliseconds(entry.Value.Duration),
                description = entry.Value.Description,
            }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }

    private static double Milliseconds(TimeSpan duration) => Math.Round(duration.TotalMilliseconds, 2);
}
