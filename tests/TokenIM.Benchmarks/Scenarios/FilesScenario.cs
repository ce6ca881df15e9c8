using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace TokenIM.Benchmarks.Scenarios;

/// <summary>
/// <c>files</c>: one client moves a file of <c>--size-mb 25</c> MiB through the node, one transfer at a time: upload by
/// <c>createUpload</c> and a <c>PUT</c> of the bytes to its URL, then download through the attachment's signed
/// <c>url</c>. <c>--warmup 3</c> transfers first (their downloads are checked byte for byte against the upload's SHA-256),
/// then <c>--transfers 20</c> measured ones. Reports MB/s each way (MB = 10^6 bytes; the time of the PUT, and of the GET
/// from request to last byte) and the node's resident memory (<c>VmRSS</c>, with <c>--server-pid</c>) before and after
/// the measured transfers, per transfer. Every transfer's bytes differ (a counter in the first bytes), so none is
/// stored by reference to an earlier one.
/// </summary>
public static class FilesScenario
{
    private const string CreateUpload =
        "mutation($input: CreateUploadInput!) { createUpload(input: $input) { attachmentId uploadUrl } }";

    private const string AttachmentUrl = "query($id: ID!) { node(id: $id) { ... on Attachment { url size } } }";

    // The attachments feature's per-user quota is 1 GiB by default: a new uploader every 30 transfers of 25 MiB stays under it.
    private const long QuotaShare = 750L * 1024 * 1024;

    public static async Task RunAsync(BenchContext ctx)
    {
        var sizeMiB = ctx.Options.Int("size-mb", 25, 1, 1024);
        var transfers = ctx.Options.Int("transfers", 20, 1, 10_000);
        var warmup = ctx.Options.Int("warmup", 3, 0, 1000);
        ctx.Options.ThrowOnUnused();
        var size = sizeMiB * 1024L * 1024;
        ctx.Report.Parameters.Add("sizeBytes", size).Add("transfers", transfers).Add("warmupTransfers", warmup);

        using var graphql = ctx.CreateHttp(4);
        var api = ctx.CreateApi(graphql);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = TimeSpan.FromMinutes(5),
        };

        var content = RandomNumberGenerator.GetBytes((int)size);
        var buffer = new byte[81920];
        var usersNeeded = (int)Math.Ceiling((double)(warmup + transfers) * size / QuotaShare);
        var users = await api.RegisterUsersAsync(Math.Max(1, usersNeeded), ctx.SetupConcurrency, "files", ctx.Ct);
        var perUser = Math.Max(1, (int)(QuotaShare / size));

        long? rssBefore = null;
        double uploadSeconds = 0, downloadSeconds = 0;
        for (var i = 0; i < warmup + transfers; i++)
        {
            var measured = i >= warmup;
            if (i == warmup && ctx.ServerPid is { } pid) rssBefore = ProcessInfo.RssKiB(pid);
            var user = users[Math.Min(users.Length - 1, i / perUser)];
            BitConverter.TryWriteBytes(content.AsSpan(0, 8), ((long)Environment.ProcessId << 20) + i);

            // Up: createUpload, then the bytes in one PUT.
            string attachmentId, uploadUrl;
            using (var created = await graphql.ExecuteAsync(CreateUpload, new
            {
                input = new { fileName = $"bench-{i}.bin", contentType = "application/octet-stream", size },
            }, user.AccessToken, ctx.Ct))
            {
                var payload = created.Data.GetProperty("createUpload");
                attachmentId = payload.GetProperty("attachmentId").GetString()!;
                uploadUrl = payload.GetProperty("uploadUrl").GetString()!;
            }
            Loopback.RequireLoopbackUrl(uploadUrl);
            using (var put = new HttpRequestMessage(HttpMethod.Put, uploadUrl))
            {
                put.Content = new ByteArrayContent(content);
                put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(put, ctx.Ct);
                await response.Content.ReadAsByteArrayAsync(ctx.Ct);
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                if (!response.IsSuccessStatusCode)
                {
                    ctx.Report.Errors.Add("PUT_" + (int)response.StatusCode, await response.Content.ReadAsStringAsync(ctx.Ct));
                    continue;
                }
                if (measured) uploadSeconds += seconds;
            }

            // Down: the attachment's signed URL, read to its last byte.
            string url;
            using (var node = await graphql.ExecuteAsync(AttachmentUrl, new { id = attachmentId }, user.AccessToken, ctx.Ct))
                url = node.Data.GetProperty("node").GetProperty("url").GetString()!;
            Loopback.RequireLoopbackUrl(url);
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ctx.Ct);
                if (!response.IsSuccessStatusCode)
                {
                    ctx.Report.Errors.Add("GET_" + (int)response.StatusCode, await response.Content.ReadAsStringAsync(ctx.Ct));
                    continue;
                }
                await using var body = await response.Content.ReadAsStreamAsync(ctx.Ct);
                long received = 0;
                int read;
                while ((read = await body.ReadAsync(buffer, ctx.Ct)) > 0)
                {
                    received += read;
                    // Checked during warm-up only: hashing on the same two cores would slow the measured reads.
                    if (!measured) hash.AppendData(buffer, 0, read);
                }
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                if (received != size) ctx.Report.Failures.Add($"download {i}: {received} bytes, not {size}");
                if (!measured && !hash.GetHashAndReset().AsSpan().SequenceEqual(SHA256.HashData(content)))
                    ctx.Report.Failures.Add($"download {i}: the bytes differ from the upload's");
                if (measured) downloadSeconds += seconds;
            }
            Log.Info($"files: transfer {i + 1}/{warmup + transfers}{(measured ? "" : " (warm-up)")}");
        }

        long? rssAfter = ctx.ServerPid is { } p ? ProcessInfo.RssKiB(p) : null;
        var megabytes = transfers * size / 1e6;
        var upMBps = megabytes / Math.Max(uploadSeconds, 1e-9);
        var downMBps = megabytes / Math.Max(downloadSeconds, 1e-9);
        double? growthMiBPerTransfer = rssBefore is { } before && rssAfter is { } after ? (after - before) / 1024.0 / transfers : null;

        ctx.Report.Results
            .Add("uploadMBps", Math.Round(upMBps, 1))
            .Add("downloadMBps", Math.Round(downMBps, 1))
            .Add("serverRssBeforeMiB", rssBefore is { } b ? Math.Round(b / 1024.0, 1) : null)
            .Add("serverRssAfterMiB", rssAfter is { } a ? Math.Round(a / 1024.0, 1) : null)
            .Add("serverRssGrowthMiBPerTransfer", growthMiBPerTransfer is { } g ? Math.Round(g, 2) : null);
        ctx.Report.Row("parameters", "file", $"{sizeMiB} MiB ({size:N0} bytes), {transfers} measured transfers after {warmup} warm-up ones");
        ctx.Report.Row("throughput", "upload (PUT to the createUpload URL)", upMBps, "MB/s");
        ctx.Report.Row("throughput", "download (GET url)", downMBps, "MB/s");
        if (rssBefore is { } rb && rssAfter is { } ra)
        {
            ctx.Report.Row("server memory", "VmRSS before → after", $"{rb / 1024.0:0.0} → {ra / 1024.0:0.0} MiB");
            ctx.Report.Row("server memory", "growth per transfer", growthMiBPerTransfer!.Value, "MiB");
        }
        if (upMBps < 100) ctx.Report.Notes.Add($"upload {upMBps:0} MB/s is under the 100 MB/s target");
        if (downMBps < 100) ctx.Report.Notes.Add($"download {downMBps:0} MB/s is under the 100 MB/s target");
        if (growthMiBPerTransfer > 5) ctx.Report.Notes.Add($"memory grew {growthMiBPerTransfer:0.0} MiB per transfer, over the 5 MB target");
    }
}
