//! Host bindings of every contract version the host can load. A new contract version adds a
//! module here; old ones stay, so plugins built against them keep working.

/// `quartier:plugin@0.1.0` (wit/v0.1).
pub mod v0_1 {
    wasmtime::component::bindgen!({
        path: "../wit/v0.1",
        world: "plugin",
        imports: { default: async | trappable },
        exports: { default: async },
    });
}
