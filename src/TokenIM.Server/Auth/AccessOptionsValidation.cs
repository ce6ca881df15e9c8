using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace TokenIM.Server.Auth;

/// <summary>The rules for the configured service clients: a mistake stops the node at start-up, naming the setting.</summary>
public sealed partial class AccessOptionsValidation : IValidateOptions<AccessOptions>
{
    public ValidateOptionsResult Validate(string? name, AccessOptions options) =>
        FirstFailure(options.Clients) is { } failure ? ValidateOptionsResult.Fail(failure) : ValidateOptionsResult.Success;

    private static string? FirstFailure(IReadOnlyList<ServiceClientOptions> clients)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < clients.Count; i++)
        {
            var client = clients[i];
            var setting = $"TokenIM__Clients__{i}__";
            if (!ClientIdPattern().IsMatch(client.Id ?? ""))
                return $"{setting}Id must be 1–100 characters of letters, digits, '_', '.', ':' and '-'.";
            if (Encoding.UTF8.GetByteCount(client.Secret ?? "") < ServiceClients.MinimumSecretBytes)
                return $"{setting}Secret must be at least {ServiceClients.MinimumSecretBytes} bytes long.";
            if (ServiceClients.ScopesOf(client).FirstOrDefault(s => !Scopes.IsValidScope(s)) is { } badScope)
                return $"{setting}Scopes contains '{badScope}', which is not a valid OAuth scope.";
            if (!ids.Add(client.Id!))
                return $"{setting}Id '{client.Id}' is configured twice.";
        }
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,100}$")]
    private static partial Regex ClientIdPattern();
}
