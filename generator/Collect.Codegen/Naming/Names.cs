using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Humanizer;

namespace Collect.Codegen.Naming;

/// <summary>
/// How schema names become C# names. Humanizer does the English (plural, singular); it runs under
/// the invariant culture, so a build in any country generates the same names.
/// </summary>
public static class Names
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>Runs <paramref name="action"/> under the invariant culture.</summary>
    public static T Invariant<T>(Func<T> action)
    {
        var previous = CultureInfo.CurrentCulture;
        var previousUi = CultureInfo.CurrentUICulture;
        if (Equals(previous, CultureInfo.InvariantCulture) && Equals(previousUi, CultureInfo.InvariantCulture))
            return action();
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
            CultureInfo.CurrentUICulture = previousUi;
        }
    }

    /// <summary>
    /// PascalCases a schema name word by word: separators (<c>_</c>, space, <c>-</c>, <c>.</c> and any
    /// character not allowed in an identifier) split words, each word gets a capital, and the word
    /// <c>rowid</c> is always <c>RowId</c>.
    /// </summary>
    public static string Pascal(string name)
    {
        var result = new StringBuilder(name.Length);
        foreach (var word in Words(name))
        {
            if (word.Equals("rowid", StringComparison.OrdinalIgnoreCase))
                result.Append("RowId");
            else if (word[0] < 0x80)
                // What Humanizer's Pascalize does to a word without separators (its regular expression
                // upper-cases the first character), without the regular expression: most of the cost of
                // naming a large set. Non-ASCII first letters still go through Humanizer.
                result.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
            else
                result.Append(Invariant(() => word.Pascalize()));
        }
        return result.ToString();
    }

    /// <summary>The default type name of a table: singular, PascalCased (<c>de_transaction</c> → <c>DeTransaction</c>).</summary>
    public static string TypeNameOf(string table) =>
        Memo(Singulars, table, static t => Invariant(() => Pascal(t).Singularize(inputIsKnownToBePlural: false)));

    /// <summary>The plural of a type name (<c>Contact</c> → <c>Contacts</c>).</summary>
    /// <remarks>
    /// Memoized: the resolver asks for every table's plural on each run, and Humanizer's rules are
    /// regular expressions; the answer never changes for a name.
    /// </remarks>
    public static string Plural(string typeName) =>
        Memo(Plurals, typeName, static t => Invariant(() => t.Pluralize(inputIsKnownToBeSingular: false)));

    // Bounded, so a long IDE session of edits to table names cannot grow it without limit.
    private static string Memo(ConcurrentDictionary<string, string> cache, string key, Func<string, string> compute)
    {
        if (cache.TryGetValue(key, out var value)) return value;
        if (cache.Count > 50_000) cache.Clear();
        return cache.GetOrAdd(key, compute);
    }

    private static readonly ConcurrentDictionary<string, string> Plurals = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> Singulars = new(StringComparer.Ordinal);

    /// <summary>The column prefix of a table: the part of its row-id column before <c>rowid</c> (<c>co_rowid</c> → <c>co_</c>).</summary>
    public static string PrefixOf(string rowIdColumn)
    {
        var at = rowIdColumn.LastIndexOf("rowid", StringComparison.OrdinalIgnoreCase);
        return at > 0 ? rowIdColumn.Substring(0, at) : "";
    }

    /// <summary>The default property name of a column: the column without the table's prefix, PascalCased.</summary>
    public static string PropertyNameOf(string column, string prefix)
    {
        var rest = prefix.Length > 0 && column.Length >= prefix.Length && column.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            ? column.Substring(prefix.Length)
            : column;
        return Pascal(rest);
    }

    /// <summary>
    /// Makes a valid C# identifier of <paramref name="name"/>. Returns the name unchanged when it is
    /// valid; otherwise the fixed name and why it was changed.
    /// </summary>
    public static (string Name, string? Reason) MakeValid(string name, string fallback)
    {
        if (name.Length == 0)
            return (fallback, "it is empty");
        if (Keywords.Contains(name))
            return ("@" + name, "it is a C# keyword");
        var cleaned = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (IsIdentifierPart(c)) cleaned.Append(c);
        }
        var reason = cleaned.Length != name.Length ? "it holds characters a C# name cannot" : null;
        if (cleaned.Length == 0)
            return (fallback, reason);
        if (!IsIdentifierStart(cleaned[0]))
        {
            cleaned.Insert(0, '_');
            reason ??= "it starts with a digit";
        }
        return (cleaned.ToString(), reason);
    }

    /// <summary>Whether <paramref name="name"/> is a valid C# identifier (verbatim keywords included).</summary>
    public static bool IsValidIdentifier(string name)
    {
        if (name.StartsWith("@", StringComparison.Ordinal)) return Keywords.Contains(name.Substring(1));
        if (name.Length == 0 || Keywords.Contains(name) || !IsIdentifierStart(name[0])) return false;
        return name.All(IsIdentifierPart);
    }

    /// <summary>
    /// Compares C# type names the way the names of their generated files compare: ignoring case
    /// (Roslyn's hint names and many file systems do) and a verbatim <c>@</c>.
    /// </summary>
    public static IEqualityComparer<string> GeneratedFileComparer { get; } = new FileNameComparer();

    /// <summary>Lower-cases the first letter (<c>Contacts</c> → <c>contacts</c>).</summary>
    public static string Camel(string name) =>
        name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);

    /// <summary>
    /// Gives each wanted name a unique one, first come first served: a name that is reserved gets
    /// <paramref name="reservedSuffix"/>, and a name still taken gets the lowest free number.
    /// </summary>
    public static string Unique(string wanted, ISet<string> taken, ISet<string> reserved, string reservedSuffix)
    {
        var name = reserved.Contains(wanted) ? wanted + reservedSuffix : wanted;
        if (taken.Contains(name) || reserved.Contains(name))
        {
            var stem = name;
            var n = 2;
            do { name = stem + n.ToString(CultureInfo.InvariantCulture); n++; }
            while (taken.Contains(name) || reserved.Contains(name));
        }
        taken.Add(name);
        return name;
    }

    private sealed class FileNameComparer : IEqualityComparer<string>
    {
        public bool Equals(string? x, string? y) => StringComparer.OrdinalIgnoreCase.Equals(x?.TrimStart('@'), y?.TrimStart('@'));

        public int GetHashCode(string obj) => StringComparer.OrdinalIgnoreCase.GetHashCode(obj.TrimStart('@'));
    }

    private static IEnumerable<string> Words(string name)
    {
        var word = new StringBuilder();
        foreach (var c in name)
        {
            if (IsIdentifierPart(c) && c != '_')
            {
                word.Append(c);
                continue;
            }
            if (word.Length > 0) yield return word.ToString();
            word.Clear();
        }
        if (word.Length > 0) yield return word.ToString();
    }

    private static bool IsIdentifierStart(char c) =>
        c == '_' || char.IsLetter(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.LetterNumber;

    private static bool IsIdentifierPart(char c)
    {
        switch (CharUnicodeInfo.GetUnicodeCategory(c))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.ConnectorPunctuation:
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
                return true;
            default:
                return false;
        }
    }
}
