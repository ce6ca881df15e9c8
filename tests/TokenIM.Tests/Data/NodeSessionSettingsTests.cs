using Npgsql;
using TokenIM.Server.Data;

namespace TokenIM.Tests.Data;

/// <summary>What a node adds to an operator's PostgreSQL connection string, and what it leaves to them.</summary>
public sealed class NodeSessionSettingsTests
{
    [Fact]
    public void A_connection_string_without_settings_gets_auto_prepare_and_jit_off()
    {
        var settings = new NpgsqlConnectionStringBuilder(StorageServiceCollectionExtensions.WithNodeSessionSettings("Host=127.0.0.1;Database=tokenim"));

        Assert.Equal(64, settings.MaxAutoPrepare);
        Assert.Equal("-c jit=off", settings.Options);
    }

    [Fact]
    public void The_operators_own_options_are_kept_and_jit_is_added_beside_them()
    {
        var settings = new NpgsqlConnectionStringBuilder(
            StorageServiceCollectionExtensions.WithNodeSessionSettings("Host=127.0.0.1;Options=-c statement_timeout=5000;Max Auto Prepare=0"));

        Assert.Equal(0, settings.MaxAutoPrepare);
        Assert.Equal("-c statement_timeout=5000 -c jit=off", settings.Options);
    }

    [Fact]
    public void An_operator_who_set_jit_keeps_their_value()
    {
        var settings = new NpgsqlConnectionStringBuilder(StorageServiceCollectionExtensions.WithNodeSessionSettings("Host=127.0.0.1;Options=-c jit=on"));

        Assert.Equal("-c jit=on", settings.Options);
    }
}
