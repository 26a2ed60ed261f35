using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Collect.Runtime.Internal;

/// <summary>
/// Finds a request's secrets in text a server sent back, however the server escaped them: as written,
/// JSON-escaped (<c>\u002B</c>, <c>\"</c>, <c>\/</c>, <c>\uXXXX</c> for non-ASCII), URL-encoded
/// (<c>%2B</c>, UTF-8 bytes, <c>+</c> for a space), HTML-escaped (<c>&amp;quot;</c>, <c>&amp;#43;</c>), and one
/// such escaping inside another. Each occurrence is replaced, escapes and all, by <c>***</c>.
/// </summary>
/// <remarks>
/// A secret shorter than <see cref="MinReplaceableLength"/> characters cannot be replaced without
/// blanking ordinary words and still leaving readers to guess it, so a text that contains one (in any
/// of those forms) is withheld as a whole instead.
/// </remarks>
internal static class SecretRedactor
{
    /// <summary>What replaces a secret.</summary>
    public const string Mask = "***";

    /// <summary>The shortest secret replaced where it occurs; a text quoting a shorter one is withheld whole.</summary>
    public const int MinReplaceableLength = 3;

    // Escapes inside escapes: e.g. a URL-encoded password quoted in a JSON string.
    private const int DecodeLevels = 2;

    /// <summary>
    /// <paramref name="text"/> with every secret replaced; null (and <paramref name="withheld"/> true)
    /// when it quotes a secret too short to replace.
    /// </summary>
    public static string? Redact(string? text, IReadOnlyList<string> secrets, out bool withheld)
    {
        withheld = false;
        if (string.IsNullOrEmpty(text) || secrets.Count == 0) return text;

        // The text as written, then decoded once and twice; each view maps its characters back to the original.
        var views = new List<View>(DecodeLevels + 1) { View.Identity(text) };
        for (var level = 0; level < DecodeLevels; level++)
        {
            var next = views[^1].Decode();
            if (next is null) break;
            views.Add(next);
        }

        var masked = new bool[text.Length];
        var any = false;
        foreach (var secret in secrets)
        {
            if (string.IsNullOrEmpty(secret)) continue;
            var plusForm = secret.Contains(' ', StringComparison.Ordinal) ? secret.Replace(' ', '+') : null;
            foreach (var view in views)
            {
                foreach (var form in plusForm is null ? [secret] : new[] { secret, plusForm })
                {
                    for (var at = view.Text.IndexOf(form, StringComparison.Ordinal); at >= 0; at = view.Text.IndexOf(form, at + 1, StringComparison.Ordinal))
                    {
                        if (secret.Length < MinReplaceableLength)
                        {
                            withheld = true;
                            return null;
                        }
                        var (start, end) = view.RangeOf(at, form.Length);
                        masked.AsSpan(start, end - start).Fill(true);
                        any = true;
                    }
                }
            }
        }
        if (!any) return text;

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (!masked[i]) result.Append(text[i]);
            else if (i == 0 || !masked[i - 1]) result.Append(Mask);
        }
        return result.ToString();
    }

    /// <summary>A text and, for each of its characters, the range of the original text it came from.</summary>
    private sealed class View(string text, int[] starts, int[] ends)
    {
        public string Text { get; } = text;

        public static View Identity(string text)
        {
            var starts = new int[text.Length];
            var ends = new int[text.Length];
            for (var i = 0; i < text.Length; i++)
            {
                starts[i] = i;
                ends[i] = i + 1;
            }
            return new View(text, starts, ends);
        }

        /// <summary>The original range of <paramref name="length"/> characters of this view from <paramref name="at"/>.</summary>
        public (int Start, int End) RangeOf(int at, int length) => (starts[at], ends[at + length - 1]);

        /// <summary>This view with its escapes decoded, or null when it has none.</summary>
        public View? Decode()
        {
            var decoded = new StringBuilder(Text.Length);
            var newStarts = new List<int>(Text.Length);
            var newEnds = new List<int>(Text.Length);
            var changed = false;
            for (var i = 0; i < Text.Length;)
            {
                var consumed = TryUnescape(Text, i, out var value);
                if (consumed == 0)
                {
                    consumed = 1;
                    value = Text[i].ToString();
                }
                else
                {
                    changed = true;
                }
                foreach (var c in value)
                {
                    decoded.Append(c);
                    newStarts.Add(starts[i]);
                    newEnds.Add(ends[i + consumed - 1]);
                }
                i += consumed;
            }
            return changed ? new View(decoded.ToString(), newStarts.ToArray(), newEnds.ToArray()) : null;
        }
    }

    // How many characters at text[i] form one escape (0: none), and what it stands for.
    private static int TryUnescape(string text, int i, out string value)
    {
        value = "";
        var rest = text.AsSpan(i);
        switch (rest[0])
        {
            case '\\' when rest.Length >= 2:
                switch (rest[1])
                {
                    case '"' or '\\' or '/' or '\'':
                        value = rest[1].ToString();
                        return 2;
                    case 'b': value = "\b"; return 2;
                    case 'f': value = "\f"; return 2;
                    case 'n': value = "\n"; return 2;
                    case 'r': value = "\r"; return 2;
                    case 't': value = "\t"; return 2;
                    case 'u' when rest.Length >= 6 && ushort.TryParse(rest.Slice(2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                        value = ((char)code).ToString();
                        return 6;
                }
                return 0;
            case '%':
                return TryUnescapePercent(rest, out value);
            case '&':
                return TryUnescapeEntity(rest, out value);
        }
        return 0;
    }

    // %XX, or the %XX%XX... bytes of one UTF-8 character.
    private static int TryUnescapePercent(ReadOnlySpan<char> rest, out string value)
    {
        value = "";
        Span<byte> bytes = stackalloc byte[4];
        if (!TryHexByte(rest, 0, out bytes[0])) return 0;
        var length = bytes[0] switch
        {
            < 0x80 => 1,
            >= 0xC2 and < 0xE0 => 2,
            >= 0xE0 and < 0xF0 => 3,
            >= 0xF0 and < 0xF5 => 4,
            _ => 0,
        };
        if (length == 0) return 0;
        for (var k = 1; k < length; k++)
        {
            if (!TryHexByte(rest, k * 3, out bytes[k])) return 0;
        }
        value = new UTF8Encoding(false, false).GetString(bytes[..length]);
        return value.Contains('\uFFFD', StringComparison.Ordinal) ? 0 : length * 3;
    }

    private static bool TryHexByte(ReadOnlySpan<char> rest, int at, out byte value)
    {
        value = 0;
        return rest.Length >= at + 3 && rest[at] == '%'
            && byte.TryParse(rest.Slice(at + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    // &quot; &amp; &lt; &gt; &apos; &#NN; &#xHH;
    private static int TryUnescapeEntity(ReadOnlySpan<char> rest, out string value)
    {
        value = "";
        var semicolon = rest[..Math.Min(rest.Length, 10)].IndexOf(';');
        if (semicolon < 2) return 0;
        var name = rest[1..semicolon];
        switch (name)
        {
            case "quot": value = "\""; break;
            case "amp": value = "&"; break;
            case "lt": value = "<"; break;
            case "gt": value = ">"; break;
            case "apos": value = "'"; break;
            default:
                if (name[0] != '#') return 0;
                var hex = name.Length > 1 && name[1] is 'x' or 'X';
                if (!int.TryParse(hex ? name[2..] : name[1..], hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                    || code is < 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF))
                {
                    return 0;
                }
                value = char.ConvertFromUtf32(code);
                break;
        }
        return semicolon + 1;
    }
}
