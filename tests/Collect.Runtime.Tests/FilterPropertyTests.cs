using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Collect.Runtime.Tests;

/// <summary>A filter value drawn from characters that matter to the filter syntax and to URLs.</summary>
public sealed record FilterValue(string Text)
{
    public override string ToString() => "\"" + Text + "\"";
}

/// <summary>A column name as the API spells them.</summary>
public sealed record ColumnName(string Text)
{
    public override string ToString() => Text;
}

public static class FilterArbitraries
{
    // Pieces, not single chars, so surrogate pairs stay whole (a lone surrogate is not text a URL can carry).
    private static readonly string[] Pieces =
    [
        "a", "Z", "0", "9", "_", "-", ".", "~", " ", "  ", ",", "(", ")", "'", "''", "\"", "%", "%25", "#", "=", "&", "+",
        "?", "/", "\\", ":", ";", "*", "\t", "\n", "\u00a0", "é", "ß", "Ω", "漢字", "😀", "ü", "__in", "__", "'x'", "(a,b)",
    ];

    public static Arbitrary<FilterValue> FilterValues()
    {
        var piece = Gen.Frequency(
            (8, Gen.Elements(Pieces)),
            // Any other BMP character that is not a surrogate.
            (1, Gen.Choose(0x20, 0xD7FF).Select(c => ((char)c).ToString())));
        var gen = Gen.Sized(size => Gen.Choose(0, Math.Max(1, size / 4)).SelectMany(n => Gen.ArrayOf(piece, n)))
            .Select(parts => new FilterValue(string.Concat(parts)));
        return Arb.From(gen, value => Shrink(value.Text).Select(text => new FilterValue(text)));
    }

    public static Arbitrary<ColumnName> ColumnNames() =>
        Arb.From(Gen.Elements("co_description", "de_name", "af_form_name", "co_rowid_debtor", "x").Select(name => new ColumnName(name)));

    public static Arbitrary<FilterOperator> Operators() => Arb.From(Gen.Elements(Enum.GetValues<FilterOperator>()));

    private static IEnumerable<string> Shrink(string text)
    {
        if (text.Length == 0) yield break;
        yield return "";
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length) { yield return text.Remove(i, 2); i++; }
            else if (!char.IsLowSurrogate(text[i])) yield return text.Remove(i, 1);
        }
    }
}

[Properties(Arbitrary = [typeof(FilterArbitraries)], MaxTest = 300, Replay = "(1234567,7654321)")]
public sealed class FilterPropertyTests(CollectTestServer server) : IClassFixture<CollectTestServer>
{
    private static readonly Regex Encoded = new("^([A-Za-z0-9_.~-]|%[0-9A-F]{2})*$", RegexOptions.CultureInvariant);

    [Property]
    public void A_single_value_condition_parses_back_to_its_column_operator_and_value(ColumnName column, FilterOperator op, FilterValue value)
    {
        var values = op is FilterOperator.In or FilterOperator.NotIn ? new[] { value.Text } : [value.Text];
        var condition = new FilterCondition(column.Text, op, values);

        var parsed = Assert.Single(FilterTextParser.Parse(condition.ToString()));

        Assert.Equal(column.Text, parsed.Column);
        Assert.Equal(FilterTextParser.Suffix(op), parsed.Operator);
        Assert.Equal(value.Text, Assert.Single(parsed.Values));
    }

    [Property]
    public void CollectFilter_Parse_reads_back_exactly_what_ToString_wrote(FilterValue[] texts, ColumnName column, FilterOperator op)
    {
        var values = texts.Length == 0 ? new[] { "" } : texts.Select(t => t.Text).ToArray();
        var conditions = op is FilterOperator.In or FilterOperator.NotIn
            ? new[] { new FilterCondition(column.Text, op, values) }
            : values.Select(v => new FilterCondition(column.Text, op, [v])).ToArray();
        var filter = new CollectFilter(conditions);

        var parsed = CollectFilter.Parse(filter.ToString(), name => name == column.Text);

        Assert.Equal(conditions.Length, parsed.Conditions.Count);
        for (var i = 0; i < conditions.Length; i++)
        {
            Assert.Equal(conditions[i].Column, parsed.Conditions[i].Column);
            Assert.Equal(conditions[i].Operator, parsed.Conditions[i].Operator);
            Assert.Equal(conditions[i].Values, parsed.Conditions[i].Values);
        }
    }

    [Property]
    public void An_in_list_parses_back_to_every_value_in_order(FilterValue first, FilterValue[] rest, bool negated)
    {
        var values = new[] { first.Text }.Concat(rest.Select(v => v.Text)).ToArray();
        var column = new FilterColumn<string>("co_description");
        var condition = negated ? column.NotIn(values) : column.In(values);

        var parsed = Assert.Single(FilterTextParser.Parse(condition.ToString()));

        Assert.Equal(negated ? "__nin" : "__in", parsed.Operator);
        Assert.Equal(values, parsed.Values);
    }

    [Property]
    public void A_filter_of_several_conditions_parses_back_condition_by_condition(FilterValue[] texts, ColumnName column)
    {
        var conditions = texts.Select((v, i) => new FilterCondition(column.Text, (FilterOperator)(i % 8), [v.Text])).ToArray();
        if (conditions.Length == 0) return;
        var filter = new CollectFilter(conditions);

        var parsed = FilterTextParser.Parse(filter.ToString());

        Assert.Equal(conditions.Length, parsed.Count);
        for (var i = 0; i < conditions.Length; i++)
        {
            Assert.Equal(FilterTextParser.Suffix(conditions[i].Operator), parsed[i].Operator);
            Assert.Equal(texts[i].Text, Assert.Single(parsed[i].Values));
        }
    }

    [Property]
    public void A_value_the_contract_lets_stand_bare_is_never_quoted_for_being_special(FilterValue value)
    {
        var text = new FilterColumn<string>("c").Eq(value.Text).ToString()["c=".Length..];
        var mustQuote = value.Text.Length == 0
            || value.Text.IndexOfAny([',', '(', ')', '\'']) >= 0
            || char.IsWhiteSpace(value.Text[0])
            || char.IsWhiteSpace(value.Text[^1]);

        Assert.Equal(mustQuote, text.StartsWith('\''));
    }

    [Property(MaxTest = 100)]
    public async Task The_filter_on_the_wire_decodes_back_to_the_exact_filter_text(ColumnName column, FilterValue value, FilterValue other)
    {
        var (client, scope) = server.Client(_ => CannedResponse.Json("""{"status":200,"data":[]}"""));
        var filter = new FilterCondition(column.Text, FilterOperator.Like, [value.Text]) & new FilterColumn<string>("co_type").In(other.Text, value.Text);

        await client.ListAsync<Contact>(new CollectQuery { Filter = filter }, CancellationToken.None);

        var request = scope.Single();
        Assert.StartsWith("?filter=", request.RawQuery, StringComparison.Ordinal);
        var raw = request.RawQuery["?filter=".Length..];
        Assert.Matches(Encoded, raw);
        Assert.Equal(filter.ToString(), Uri.UnescapeDataString(raw));
        Assert.Equal(filter.ToString(), Assert.Single(request.Query["filter"]));
    }
}

public sealed class FilterParseTests
{
    [Theory]
    [InlineData("", "empty")]
    [InlineData("co_type", "no '='")]
    [InlineData("=5", "no column")]
    [InlineData("co_type=5,", "no '='")]
    [InlineData("co_type__in=()", "empty")]
    [InlineData("co_type__in=(1,", "empty")]
    [InlineData("co_type__in=(1", "at the end")]
    [InlineData("co_description='open", "not closed")]
    [InlineData("co_description=a'b", "quote it")]
    [InlineData("co_description= a", "leading or trailing space")]
    [InlineData("co_type__between=1", "Unknown filter operator")]
    [InlineData("co_nope=1", "Unknown column")]
    public void Malformed_filters_say_what_is_wrong(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => CollectFilter.Parse(text, name => name is "co_type" or "co_description"));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_column_containing_double_underscores_is_told_from_an_operator_by_the_schema()
    {
        var parsed = CollectFilter.Parse("x__in=1,x__in__in=(1,2)", name => name == "x__in");

        Assert.Equal(("x__in", FilterOperator.Equal), (parsed.Conditions[0].Column, parsed.Conditions[0].Operator));
        Assert.Equal(("x__in", FilterOperator.In), (parsed.Conditions[1].Column, parsed.Conditions[1].Operator));
    }
}
