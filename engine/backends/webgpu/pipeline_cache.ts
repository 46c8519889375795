/**
 * Compiled compute pipelines by key. The key must hold everything that changes the shader text
 * (kernel, op, compile-time flags); sizes travel in the parameter block, so one pipeline serves
 * every shape.
 */
export class PipelineCache {
  private readonly pipelines = new Map<string, GPUComputePipeline>();

  constructor(private readonly device: GPUDevice) {}

  /** The pipeline for `key`, compiling the WGSL from `code()` the first time the key is seen. */
  get(key: string, code: () => string): GPUComputePipeline {
    let pipeline = this.pipelines.get(key);
    if (pipeline === undefined) {
      const module = this.device.createShaderModule({ label: key, code: code() });
      pipeline = this.device.createComputePipeline({ label: key, layout: 'auto', compute: { module, entryPoint: 'main' } });
      this.pipelines.set(key, pipeline);
    }
    return pipeline;
  }
}
