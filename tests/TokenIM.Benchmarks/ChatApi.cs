using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;

namespace TokenIM.Benchmarks;

/// <summary>A user the benchmark registered, with its session.</summary>
public sealed class BenchUser(string id, string username, string accessToken, string refreshToken, DateTimeOffset expiresAt)
{
    public string Id { get; } = id;
    public string Username { get; } = username;
    public string AccessToken { get; set; } = accessToken;
    public string RefreshToken { get; set; } = refreshToken;
    public DateTimeOffset ExpiresAt { get; set; } = expiresAt;
}

/// <summary>
/// The operations the scenarios use to set themselves up, all through the public API (core contract names).
/// Set-up calls are retried a few times on transport faults and <c>RATE_LIMITED</c>; measured calls never are.
/// </summary>
public sealed class ChatApi(GraphQLHttpClient http, string runId, string prefix)
{
    public const string Password = "bench-password-not-secret";

    private const string RegisterMutation =
        "mutation Register($input: RegisterInput!) { register(input: $input) { accessToken refreshToken expiresAt user { id username } } }";
    private const string LoginMutation =
        "mutation Login($input: LoginInput!) { login(input: $input) { accessToken refreshToken expiresAt user { id username } } }";
    private const string RefreshMutation =
        "mutation Refresh($input: RefreshTokenInput!) { refreshToken(input: $input) { accessToken refreshToken expiresAt } }";
    public const string SendMutation =
        "mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { message { id seq conversation { id } } } }";
    private const string CreateGroupMutation =
        "mutation CreateGroup($input: CreateGroupInput!) { createGroup(input: $input) { group { id conversation { id } } } }";
    private const string AddMembersMutation =
        "mutation AddMembers($input: AddGroupMembersInput!) { addGroupMembers(input: $input) { group { id } } }";

    public GraphQLHttpClient Http { get; } = http;
    public string RunId { get; } = runId;

    /// <summary>A fresh run id: 6 lowercase letters and digits, so usernames and bodies of runs never collide.</summary>
    public static string NewRunId()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(6, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
    }

    public string Username(int index) => $"{prefix}{RunId}_{index}";

    /// <summary>Registers <paramref name="count"/> users, <paramref name="concurrency"/> at a time (password hashing is the server's slow part).</summary>
    public async Task<BenchUser[]> RegisterUsersAsync(int count, int concurrency, string what, CancellationToken ct)
    {
        var users = new BenchUser[count];
        var done = 0;
        var started = Stopwatch.GetTimestamp();
        using var progress = Log.Progress(() => $"{what}: registered {Volatile.Read(ref done)}/{count}");
        await Parallel.ForEachAsync(Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = ct },
            async (i, token) =>
            {
                users[i] = await RegisterAsync(Username(i), token).ConfigureAwait(false);
                Interlocked.Increment(ref done);
            }).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Log.Info($"{what}: registered {count} users in {seconds:0.0} s ({count / Math.Max(seconds, 0.001):0} /s)");
        return users;
    }

    public async Task<BenchUser> RegisterAsync(string username, CancellationToken ct)
    {
        var variables = new { input = new { username, password = Password, displayName = username } };
        GraphQLResponse response;
        string field = "register";
        try
        {
            response = await SetupCallAsync(RegisterMutation, variables, null, ct).ConfigureAwait(false);
        }
        catch (GraphQLRequestException e) when (e.Code == "CONFLICT")
        {
            // A retried register whose first attempt did commit: the account is ours, sign in instead.
            response = await SetupCallAsync(LoginMutation, new { input = new { username, password = Password } }, null, ct)
                .ConfigureAwait(false);
            field = "login";
        }

        using var _ = response;
        var payload = response.Data.GetProperty(field);
        return new BenchUser(
            payload.GetProperty("user").GetProperty("id").GetString()!,
            username,
            payload.GetProperty("accessToken").GetString()!,
            payload.GetProperty("refreshToken").GetString()!,
            payload.GetProperty("expiresAt").GetDateTimeOffset());
    }

    /// <summary>Exchanges refresh tokens of users whose access token expires within <paramref name="margin"/>.</summary>
    public async Task<int> RefreshExpiringAsync(IReadOnlyList<BenchUser> users, TimeSpan margin, int concurrency, CancellationToken ct)
    {
        var due = users.Where(u => u.ExpiresAt - DateTimeOffset.UtcNow < margin).ToList();
        if (due.Count == 0) return 0;
        Log.Info($"refreshing {due.Count} access tokens that expire within {margin.TotalMinutes:0} min");
        await Parallel.ForEachAsync(due,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = ct },
            async (user, token) =>
            {
                using var response = await SetupCallAsync(RefreshMutation,
                    new { input = new { refreshToken = user.RefreshToken } }, null, token).ConfigureAwait(false);
                var payload = response.Data.GetProperty("refreshToken");
                user.AccessToken = payload.GetProperty("accessToken").GetString()!;
                user.RefreshToken = payload.GetProperty("refreshToken").GetString()!;
                user.ExpiresAt = payload.GetProperty("expiresAt").GetDateTimeOffset();
            }).ConfigureAwait(false);
        return due.Count;
    }

    /// <summary>Opens (or finds) the direct conversation of two users with a first message; returns its id.</summary>
    public async Task<string> OpenDirectAsync(BenchUser from, BenchUser to, CancellationToken ct)
    {
        var variables = new
        {
            input = new { recipientId = to.Id, body = $"bench {RunId} hello", clientMessageId = $"{RunId}-open-{from.Id}-{to.Id}" },
        };
        using var response = await SetupCallAsync(SendMutation, variables, from.AccessToken, ct).ConfigureAwait(false);
        return response.Data.GetProperty("sendMessage").GetProperty("message").GetProperty("conversation").GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Creates a group owned by <paramref name="owner"/> holding <paramref name="members"/>: created with the first
    /// batch, the rest added with <c>addGroupMembers</c> in batches. Returns the group's conversation id.
    /// </summary>
    public async Task<(string GroupId, string ConversationId)> CreateGroupAsync(
        BenchUser owner, string name, IReadOnlyList<BenchUser> members, int batchSize, CancellationToken ct)
    {
        var first = members.Take(batchSize).Select(m => m.Id).ToArray();
        string groupId, conversationId;
        using (var response = await SetupCallAsync(CreateGroupMutation,
                   new { input = new { name, memberIds = first } }, owner.AccessToken, ct).ConfigureAwait(false))
        {
            var group = response.Data.GetProperty("createGroup").GetProperty("group");
            groupId = group.GetProperty("id").GetString()!;
            conversationId = group.GetProperty("conversation").GetProperty("id").GetString()!;
        }

        for (var offset = first.Length; offset < members.Count; offset += batchSize)
        {
            var batch = members.Skip(offset).Take(batchSize).Select(m => m.Id).ToArray();
            using var _ = await SetupCallAsync(AddMembersMutation,
                new { input = new { groupId, userIds = batch } }, owner.AccessToken, ct).ConfigureAwait(false);
        }
        return (groupId, conversationId);
    }

    /// <summary>One send; not retried. Returns the committed message's id and seq.</summary>
    public async Task<(string Id, int Seq)> SendAsync(BenchUser from, string conversationId, string body, string clientMessageId, CancellationToken ct)
    {
        var variables = new { input = new { conversationId, body, clientMessageId } };
        using var response = await Http.ExecuteAsync(SendMutation, variables, from.AccessToken, ct).ConfigureAwait(false);
        var message = response.Data.GetProperty("sendMessage").GetProperty("message");
        return (message.GetProperty("id").GetString()!, message.GetProperty("seq").GetInt32());
    }

    /// <summary>A set-up call: retried up to 5 times on transport faults and rate limiting, so one hiccup does not void a run.</summary>
    public async Task<GraphQLResponse> SetupCallAsync(string query, object variables, string? token, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Http.ExecuteAsync(query, variables, token, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < 5 && !ct.IsCancellationRequested && IsTransient(e))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), ct).ConfigureAwait(false);
            }
        }
    }

    private static bool IsTransient(Exception e) => e switch
    {
        GraphQLRequestException g => g.Code is "RATE_LIMITED" or "HTTP_429" or "HTTP_503" or "INTERNAL_SERVER_ERROR",
        HttpRequestException or TaskCanceledException or IOException => true,
        _ => false,
    };
}

/// <summary>Progress goes to stderr, so stdout carries only the result.</summary>
public static class Log
{
    private static readonly long Started = Stopwatch.GetTimestamp();
    private static readonly Lock Gate = new();

    public static void Info(string line)
    {
        lock (Gate) Console.Error.WriteLine($"[{Stopwatch.GetElapsedTime(Started).TotalSeconds,7:0.0}s] {line}");
    }

    /// <summary>Prints <paramref name="status"/> every 5 seconds until disposed.</summary>
    public static IDisposable Progress(Func<string> status) =>
        new Timer(_ => Info(status()), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
}

public static class JsonElementExtensions
{
    public static string? StringOrNull(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
