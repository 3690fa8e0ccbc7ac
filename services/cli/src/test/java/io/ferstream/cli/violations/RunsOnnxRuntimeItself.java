package io.ferstream.cli.violations;

import ai.onnxruntime.OrtEnvironment;

/**
 * Breaks the model-layer rule on purpose (ONNX Runtime used outside {@code io.ferstream.model}):
 * {@code ModuleBoundariesTest} shows the rule reports it. Test code only, never imported by the
 * production rules.
 */
public final class RunsOnnxRuntimeItself {

    private RunsOnnxRuntimeItself() {
    }

    static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }
}
