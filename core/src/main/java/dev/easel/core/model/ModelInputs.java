package dev.easel.core.model;

import java.util.Map;

/** Inputs for one model, not yet validated: what a typed builder or a form produces. */
public interface ModelInputs {

    ModelId model();

    Map<String, Object> inputs();
}
