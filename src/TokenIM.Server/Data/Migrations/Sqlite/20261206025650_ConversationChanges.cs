using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TokenIM.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConversationChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The backfill is the defaults: every existing conversation starts at change 0 and every existing
            // member joined at change 0. No stream cursor can predate this migration, so there is nothing older
            // to replay, and every change from here on is one its members saw.
            migrationBuilder.AddColumn<int>(
                name: "LastChange",
                table: "Conversations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "JoinedAtChange",
                table: "ConversationMembers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ConversationChanges",
                columns: table => new
                {
                    ConversationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Seq = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<long>(type: "INTEGER", nullable: true),
                    CommittedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConversationChanges", x => new { x.ConversationId, x.Position });
                    table.ForeignKey(
                        name: "FK_ConversationChanges_Conversations_ConversationId",
                        column: x => x.ConversationId,
                        principalTable: "Conversations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConversationChanges_CommittedAt",
                table: "ConversationChanges",
                column: "CommittedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConversationChanges");

            migrationBuilder.DropColumn(
                name: "LastChange",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "JoinedAtChange",
                table: "ConversationMembers");
        }
    }
}
