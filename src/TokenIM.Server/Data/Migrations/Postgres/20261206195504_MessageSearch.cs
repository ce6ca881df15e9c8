using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TokenIM.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MessageSearch : Migration
    {
        // The generated search column and its GIN index (see Data/SearchSchema.cs): adding the column computes it for
        // every message already there, which is the backfill. Built with the default configuration, simple; a node
        // configured with another language rebuilds it at start (Search/SearchLanguage.cs). Written out here: a
        // migration must not change when the code does.
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE "Messages" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, regexp_replace("Body", '([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff])', ' \1 ', 'g'))) STORED;
                CREATE INDEX "IX_Messages_SearchVector" ON "Messages" USING gin ("SearchVector");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""ALTER TABLE "Messages" DROP COLUMN "SearchVector";""");
        }
    }
}
