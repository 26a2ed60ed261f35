using NJsonSchema.CodeGeneration.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;

namespace Collect.Benchmarks.Inputs;

/// <summary>The peer: NSwag's C# client generator over the same tables (<see cref="OpenApiDocumentBuilder"/>).</summary>
public static class NSwagClient
{
    /// <summary>The synthetic tables' OpenAPI document, parsed by NSwag (done once, outside any measurement).</summary>
    public static OpenApiDocument LoadDocument() =>
        OpenApiDocument.FromJsonAsync(OpenApiDocumentBuilder.Build(SyntheticSchemas.Tables())).GetAwaiter().GetResult();

    /// <summary>
    /// Settings comparable to ours: one client class (ours: one repository per table over a shared
    /// runtime), System.Text.Json (ours use it), nullable annotations on, optional properties nullable.
    /// </summary>
    public static CSharpClientGeneratorSettings Settings()
    {
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "CollectClient",
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
            GenerateClientInterfaces = false,
            UseBaseUrl = true,
        };
        settings.CSharpGeneratorSettings.Namespace = "Consumer.NSwag";
        settings.CSharpGeneratorSettings.JsonLibrary = CSharpJsonLibrary.SystemTextJson;
        settings.CSharpGeneratorSettings.GenerateNullableReferenceTypes = true;
        settings.CSharpGeneratorSettings.GenerateOptionalPropertiesAsNullable = true;
        return settings;
    }

    /// <summary>The generated client file.</summary>
    public static string Generate(OpenApiDocument document, CSharpClientGeneratorSettings settings) =>
        new CSharpClientGenerator(document, settings).GenerateFile();
}
