// The bridges' public surface: ONNX, safetensors and PyTorch script export; ONNX and safetensors import.
export { InteropError, bridgeNetwork, type BridgeLayer, type BridgeNetwork } from './network';
export { exportOnnx, ONNX_OPSET, ONNX_INPUT, onnxOutputName, type OnnxExportOptions } from './onnx/export';
export { importOnnx, type ImportedOnnx } from './onnx/import';
export { readSafetensors, writeSafetensors, type SafeTensor, type SafetensorsFile } from './safetensors';
export { layersFromStateDict, stateDictMetadata, stateDictTensors, type StateDictLayers } from './stateDict';
export { csvSettings, pytorchScript, type ScriptOptions } from './pytorchScript';
export { defaultLoss, newSpecText, weightsForSpec } from './specWrite';
export {
  EXPORT_EXTENSIONS,
  EXPORT_FORMATS,
  exportModel,
  importAsNewSpec,
  importIntoSpec,
  importModel,
  type ExportFormat,
  type ExportRequest,
  type ExportedFile,
  type ImportedModel,
} from './bridge';
