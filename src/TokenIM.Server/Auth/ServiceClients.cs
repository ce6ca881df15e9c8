using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace TokenIM.Server.Auth;

/// <summary>A configured service client, once its settings have been checked.</summary>
public sealed record ServiceClient(string Id, IReadOnlyList<string> Scopes);

/// <summary>The configured service clients, and the only place their secrets are compared.</summary>
public sealed partial class ServiceClients
{
    public const int MinimumSecretBytes = 32;

    private readonly FrozenDictionary<string, (ServiceClient Client, byte[] SecretHash)> _clients;

    // Compared against when the client id is unknown, so an unknown id costs as much as a wrong secret.
    private readonly byte[] _decoyHash = SHA256.HashData(RandomNumberGenerator.GetBytes(32));

    /// <summary>Checks every client's settings; a mistake stops the node at start-up, naming the setting.</summary>
    public ServiceClients(IReadOnlyList<ServiceClientOptions> configured)
    {
        var clients = new Dictionary<string, (ServiceClient, byte[])>(StringComparer.Ordinal);
        for (var i = 0; i < configured.Count; i++)
        {
            var options = configured[i];
            var setting = $"TokenIM__Clients__{i}__";
            if (!ClientIdPattern().IsMatch(options.Id ?? ""))
                throw new InvalidOperationException($"{setting}Id must be 1–100 characters of letters, digits, '_', '.', ':' and '-'.");
            if (Encoding.UTF8.GetByteCount(options.Secret ?? "") < MinimumSecretBytes)
                throw new InvalidOperationException($"{setting}Secret must be at least {MinimumSecretBytes} bytes long.");
            var scopes = (options.Scopes ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct().ToList();
            if (scopes.FirstOrDefault(s => !Scopes.IsValidScope(s)) is { } badScope)
                throw new InvalidOperationException($"{setting}Scopes contains '{badScope}', which is not a valid OAuth scope.");
            if (!clients.TryAdd(options.Id!, (new ServiceClient(options.Id!, scopes), HashSecret(options.Secret!))))
                throw new InvalidOperationException($"{setting}Id '{options.Id}' is configured twice.");
        }
        _clients = clients.ToFrozenDictionary(StringComparer.Ordinal);
    }

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

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,100}$")]
    private static partial Regex ClientIdPattern();
}
