// The UI's origin inside the desktop app: app://oomus/ (a privileged standard scheme, not file://).
export const appScheme = 'app';
export const appOrigin = `${appScheme}://oomus`;
