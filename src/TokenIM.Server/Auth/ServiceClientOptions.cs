namespace TokenIM.Server.Auth;

/// <summary>
/// A back-end service allowed to obtain access tokens with the OAuth client_credentials grant,
/// bound from <c>TokenIM:Clients:N</c>.
/// </summary>
public sealed class ServiceClientOptions
{
    public string Id { get; set; } = "";
    public string Secret { get; set; } = "";

    /// <summary>What its tokens may do, e.g. <c>notifications:send</c>.</summary>
    public List<string> Scopes { get; set; } = [];
}
