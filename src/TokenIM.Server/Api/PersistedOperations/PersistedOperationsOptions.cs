namespace TokenIM.Server.Api.PersistedOperations;

/// <summary>Which operations a node runs: any (registering persisted queries as they come), or only trusted ones.</summary>
public enum PersistedOperationsMode
{
    /// <summary>
    /// Any operation runs. Apollo's automatic persisted queries work: a hash a client sends alone is
    /// looked up, and a full request with its hash is stored (after the hash is checked) for next time.
    /// Trusted documents, if configured, can be asked for by id too.
    /// </summary>
    Automatic,

    /// <summary>
    /// Only operations on the trusted-documents list run, asked for by id or hash or sent as their exact
    /// text; anything else is <c>OPERATION_NOT_TRUSTED</c>, and nothing is registered at run time.
    /// </summary>
    TrustedOnly,
}

/// <summary>Bound from <c>TokenIM:PersistedOperations</c>.</summary>
public sealed class PersistedOperationsOptions
{
    public PersistedOperationsMode Mode { get; set; } = PersistedOperationsMode.Automatic;

    /// <summary>
    /// Files of trusted documents, each either Apollo's persisted-query manifest
    /// (<c>{"format":"apollo-persisted-query-manifest","operations":[{"id","body",…}]}</c>) or
    /// Relay's <c>persisted_queries.json</c> (<c>{"&lt;doc_id&gt;": "&lt;query text&gt;"}</c>).
    /// A relative path is taken from the content root.
    /// </summary>
    public List<string> Manifests { get; set; } = [];

    /// <summary>
    /// In <see cref="PersistedOperationsMode.TrustedOnly"/> and the Development environment, whether
    /// operations off the list still run, so the in-browser IDE and ad-hoc queries keep working on a
    /// developer's node. Never in another environment.
    /// </summary>
    public bool AllowUntrustedInDevelopment { get; set; } = true;

    /// <summary>How many automatically persisted queries a node keeps in memory (least recently used go first).</summary>
    public int CacheSize { get; set; } = 1000;

    /// <summary>With Redis: how long an automatically persisted query is kept there after it was last stored.</summary>
    public TimeSpan RedisTimeToLive { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Longest query text stored automatically; a longer one runs but is not kept.</summary>
    public int MaxQueryLength { get; set; } = 64 * 1024;
}
