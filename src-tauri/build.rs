include!("src/command_list.rs");

/// The names of the listed commands; the types are only tokens here.
macro_rules! command_names {
    ($( $(#[doc = $doc:literal])* $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty $(, on_progress: $progress:ty)? ; )*) => {
        &[$(stringify!($name)),*]
    };
}

fn main() {
    println!("cargo:rerun-if-changed=src/command_list.rs");
    // Declaring the app's commands makes each one a permission that a capability must
    // grant: the window gets exactly the commands listed in capabilities/main.json
    // (which `contract::capability` writes from the same list).
    let commands: &[&str] = with_command_list!(command_names);
    let manifest = tauri_build::AppManifest::new().commands(commands);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        panic!("tauri build step failed: {e:#}");
    }
}
