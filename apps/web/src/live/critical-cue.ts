/** The lobby manager hears and sees a new critical alert: a short beep, and a system notification where allowed. */
let audio: AudioContext | null = null;

export function beep(): void {
  try {
    audio ??= new AudioContext();
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = 880;
    gain.gain.setValueAtTime(0.2, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.6);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.6);
  } catch {
    // No audio device or not allowed before a user gesture: the visual cue still shows.
  }
}

export function notify(title: string): void {
  if (typeof Notification === 'undefined') return;
  if (Notification.permission === 'granted') new Notification(title);
}

/** Asked once after login (a user gesture), so a later critical alert can show a notification. */
export function askNotificationPermission(): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
}
