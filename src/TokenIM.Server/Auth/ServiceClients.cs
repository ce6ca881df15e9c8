using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;

namespace TokenIM.Server.Auth;

/// <summary>A configured service client, once its settings have been checked.</summary>
public sealed record ServiceClient(string Id, IReadOnlyList<string> Scopes);

/// <summary>The configured service clients, and the only place their secrets are compared.</summary>
public sealed class ServiceClients
{
    public const int MinimumSecretBytes = 32;

    private readonly FrozenDictionary<string, (ServiceClient Client, byte[] SecretHash)> _clients;

    // Compared against when the client id is unknown, so an unknown id costs as much as a wrong secret.
    private readonly byte[] _decoyHash = SHA256.HashData(RandomNumberGenerator.GetBytes(32));

    /// <summary>The clients of <c>TokenIM:Clients</c>, whose settings were checked at start-up (<see cref="AccessOptionsValidation"/>).</summary>
    public ServiceClients(IReadOnlyList<ServiceClientOptions> configured)
    {
        _clients = configured.ToFrozenDictionary(
            options => options.Id,
            options => (new ServiceClient(options.Id, ScopesOf(options)), HashSecret(options.Secret)),
            StringComparer.Ordinal);
    }

    /// <summary>A client's scopes as configured, blanks and repeats dropped.</summary>
    public static IReadOnlyList<string> ScopesOf(ServiceClientOptions options) =>
        (options.Scopes ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct().ToList();

    /// <summary>The client whose id and secret these are, or null; the secret is compared in constant time.</summary>
    public ServiceClient? Authenticate(string clientId, string secret)
    {
        var found = _clients.TryGetValue(clientId, out var entry);
        var matches = CryptographicOperations.FixedTimeEquals(HashSecret(secret), found ? entry.SecretHash : _decoyHash);
        return found && matches ? entry.Client : null;
    }

    /// <summary>Whether the client is still configured; a removed client's tokens stop working.</summary>
    public ServiceClient? Find(string clientId) => _clients.TryGetValue(clientId, out var entry) ? entry.Client : null;

    // Hashing first gives both sides the same length, which FixedTimeEquals needs to be constant time.
    private static byte[] HashSecret(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
