using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace Collect.Runtime.Tests.Jobs;

internal static class JobTestHelpers
{
    /// <summary>The docs' button prompt (overview page, "Prompt Types").</summary>
    public const string ProceedPrompt = """
        "subtype": "button", "message": "Do you want to proceed?", "buttons": ["Yes", "No"]
        """;

    /// <summary>The data of the docs' form prompt (EXAMPLES.md §11).</summary>
    public const string ExampleFormData = """
        {
          "co_type": "5",
          "co_description": "Review file...",
          "co_priority": "30",
          "co_who": "OWN",
          "co_date": "2023-01-12",
          "co_originator": "OWN",
          "co_creation_date": "2023-01-12",
          "co_creation_time": "13:28:21",
          "co_who_from": "OWN",
          "co_lock": "1024"
        }
        """;

    /// <summary>Waits for a signal, failing instead of hanging when it never comes.</summary>
    public static Task Signal(this Task task) => task.WaitAsync(JobTestServer.Safety);

    /// <inheritdoc cref="Signal(Task)"/>
    public static Task<T> Signal<T>(this Task<T> task) => task.WaitAsync(JobTestServer.Safety);

    /// <summary>Asserts two JSON values are equal (property order aside).</summary>
    public static void AssertJson(string expected, JsonElement actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(actual.GetRawText());
        Assert.True(JsonNode.DeepEquals(expectedNode, actualNode),
            $"Expected {expectedNode?.ToJsonString()}\nbut was  {actualNode?.ToJsonString()}");
    }
}
