export interface EngineInstaller {
  readonly name: string;
  readonly pinned: string;
  isInstalled(cacheDir: string): Promise<boolean>;
  install(cacheDir: string, onProgress: (message: string) => void): Promise<void>;
}
