using System.Threading.Tasks;
using Xunit;

namespace Collect.Codegen.Tests.Diagnostics;

public class ProbeTests
{
    [Fact]
    public Task Probe() => new GeneratorCase()
        .File("/schemas/contact.table.json", """
            {
              "table": "contact",
              "rowId": "co_rowid",
              "fields": [
                { "name": "co_rowid", "type": "rowid" },
                { "name": "co_note", "type": {|#0:"strng"|} }
              ]
            }
            """)
        .File("/schemas/x.table.json", """
            { "table": "x", "rowId": "x_rowid", {|#1:"bogus"|}: 1, "fields": [ { "name": "x_rowid", "type": "rowid" } ] }
            """)
        .Expect(Ccg.Error("CCG004").WithLocation(0).WithArguments("co_note", "strng", "x"))
        .Expect(Ccg.Warning("CCG015").WithLocation(1).WithArguments("bogus"))
        .RunAsync();
}
