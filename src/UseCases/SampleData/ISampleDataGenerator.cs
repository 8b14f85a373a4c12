namespace Reference.UseCases.SampleData;

// A use case's deterministic sample data (usecase.yaml's sampleData: {generator, rows, seed}): the same rows and seed
// give the same data. Names match the use case's spec: feature views, their join keys and feature columns.
public interface ISampleDataGenerator
{
    // The value of sampleData.generator that selects this generator.
    string Name { get; }

    SampleDataSet Generate(int rows, int seed);
}
