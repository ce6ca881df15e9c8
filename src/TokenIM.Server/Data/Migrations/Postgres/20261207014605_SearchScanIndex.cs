using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TokenIM.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SearchScanIndex : Migration
    {
        // The two partial indexes the search's scan reads (see Data/SearchSchema.cs, PostgresScanIndexes): short text
        // messages with their vectors, read without touching the table, and the few long ones. Written out here: a
        // migration must not change when the code does.
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX "IX_Messages_SearchScan" ON "Messages" ("ConversationId") INCLUDE ("Id", "SearchVector")
                    WHERE "DeletedAt" IS NULL AND "Kind" = 'Text' AND length("Body") <= 160;
                CREATE INDEX "IX_Messages_SearchScanLong" ON "Messages" ("ConversationId")
                    WHERE "DeletedAt" IS NULL AND "Kind" = 'Text' AND length("Body") > 160;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX "IX_Messages_SearchScan";
                DROP INDEX "IX_Messages_SearchScanLong";
                """);
        }
    }
}
