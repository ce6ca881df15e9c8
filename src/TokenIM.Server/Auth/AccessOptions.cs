namespace TokenIM.Server.Auth;

/// <summary>Bound from <c>TokenIM</c>: who may do more than a user, <c>TokenIM:Clients</c> and <c>TokenIM:Admins</c>.</summary>
public sealed class AccessOptions
{
    public const string Section = "TokenIM";

    /// <summary>Back-end services that obtain tokens with the OAuth client_credentials grant.</summary>
    public List<ServiceClientOptions> Clients { get; set; } = [];

    /// <summary>Usernames of administrators.</summary>
    public List<string> Admins { get; set; } = [];
}
