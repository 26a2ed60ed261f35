namespace Collect.DevServer;

/// <summary>SQL text helpers. Names come only from the schema; they are quoted anyway.</summary>
internal static class Sql
{
    /// <summary>Quotes an identifier for SQLite (<c>"name"</c>, with <c>""</c> for a quote).</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", System.StringComparison.Ordinal) + "\"";
}
