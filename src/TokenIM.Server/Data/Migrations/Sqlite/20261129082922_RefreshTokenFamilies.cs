using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TokenIM.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RefreshTokenFamilies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FamilyId",
                table: "RefreshTokens",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            // Tokens issued before sessions existed each become a session of their own; the hash is
            // unique and says nothing about the token itself.
            migrationBuilder.Sql("UPDATE \"RefreshTokens\" SET \"FamilyId\" = \"TokenHash\";");

            migrationBuilder.CreateIndex(
                name: "IX_RefreshTokens_FamilyId",
                table: "RefreshTokens",
                column: "FamilyId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RefreshTokens_FamilyId",
                table: "RefreshTokens");

            migrationBuilder.DropColumn(
                name: "FamilyId",
                table: "RefreshTokens");
        }
    }
}
