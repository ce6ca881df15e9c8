using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace TokenIM.Server.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the node.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<TokenIMDbContext>
{
    public TokenIMDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TokenIMDbContext>();
        StorageServiceCollectionExtensions.ConfigureSqlite(options, "Data Source=design-time.db");
        return new TokenIMDbContext(options.Options);
    }
}
