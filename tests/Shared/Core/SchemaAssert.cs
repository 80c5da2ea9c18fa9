namespace ReleaseTrain.Tests;

/// <summary>Asserts that JSON follows one of the schemas embedded in ReleaseTrain.Core (schemas/).</summary>
public static class SchemaAssert
{
    public static void Valid(string schema, string json)
    {
        var validator = new ReleaseTrain.Core.Schema.JsonSchemaValidator(
            ReleaseTrain.Core.Config.ConfigLoader.LoadEmbeddedSchema(schema)
        );
        var violations = validator.Validate(ReleaseTrain.Core.Json.LocatedJsonDocument.Parse(json).Root);
        Assert.True(
            violations.Count == 0,
            schema + ":\n" + string.Join("\n", violations) + "\n" + (json.Length > 2000 ? json[..2000] : json)
        );
    }
}
