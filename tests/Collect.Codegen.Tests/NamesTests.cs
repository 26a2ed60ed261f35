using System;
using System.Collections.Generic;
using System.Linq;
using Collect.Codegen.Naming;
using Humanizer;
using Xunit;

namespace Collect.Codegen.Tests;

public class NamesTests
{
    // Words as the schemas' names split into them: identifier characters, no separators.
    private static IEnumerable<string> Words()
    {
        var random = new Random(20261204);
        const string ascii = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        const string other = "éüßçñøÆÉŸıİǅǈ日本語データΣσςЖж";
        var alphabet = ascii + other;
        for (var i = 0; i < 5000; i++)
        {
            var length = random.Next(1, 12);
            yield return new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
        }
        foreach (var c in ascii + other) yield return c.ToString();
    }

    [Fact]
    public void PascalOfAWordIsHumanizersPascalize()
    {
        foreach (var word in Words())
        {
            if (word.Equals("rowid", StringComparison.OrdinalIgnoreCase)) continue;
            Assert.Equal(Names.Invariant(() => word.Pascalize()), Names.Pascal(word));
        }
    }

    [Theory]
    [InlineData("de_name", "DeName")]
    [InlineData("co_rowid_debtor", "CoRowIdDebtor")]
    [InlineData("2nd_line", "2ndLine")]
    [InlineData("élan_vital", "ÉlanVital")]
    [InlineData("already_Mixed_CASE", "AlreadyMixedCASE")]
    public void PascalJoinsTheWordsOfAName(string name, string expected) => Assert.Equal(expected, Names.Pascal(name));
}
