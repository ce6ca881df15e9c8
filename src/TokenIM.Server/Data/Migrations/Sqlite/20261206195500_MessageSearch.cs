using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TokenIM.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MessageSearch : Migration
    {
        // The search index the model cannot describe (see Data/SearchSchema.cs, which a new file runs instead), filled
        // with the text messages already there. Written out here: a migration must not change when the code does.
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "MessageSearch" USING fts5("Body", content='', contentless_delete=1, tokenize='trigram remove_diacritics 1');
                CREATE TRIGGER "MessageSearch_Update" AFTER UPDATE OF "Body" ON "Messages" WHEN new."Kind" = 'Text' BEGIN
                    DELETE FROM "MessageSearch" WHERE rowid = old."Id";
                    INSERT INTO "MessageSearch" (rowid, "Body") SELECT new."Id", new."Body" WHERE new."DeletedAt" IS NULL AND new."Body" <> '';
                END;
                CREATE TRIGGER "MessageSearch_Delete" AFTER DELETE ON "Messages" WHEN old."Kind" = 'Text' BEGIN
                    DELETE FROM "MessageSearch" WHERE rowid = old."Id";
                END;
                INSERT INTO "MessageSearch" (rowid, "Body")
                SELECT "Id", "Body" FROM "Messages" WHERE "Kind" = 'Text' AND "DeletedAt" IS NULL AND "Body" <> '';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "MessageSearch_Delete";
                DROP TRIGGER "MessageSearch_Update";
                DROP TABLE "MessageSearch";
                """);
        }
    }
}
