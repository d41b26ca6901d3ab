import { Controller, MessageEvent, OnModuleDestroy, Sse } from '@nestjs/common';
import { filter, interval, map, merge, Observable, of, ReplaySubject, takeUntil } from 'rxjs';
import type { Principal } from '@lobby/access';
import { canSeeEvent } from '@lobby/alerting';
import { AllowQueryToken } from './auth.guard';
import { LiveEventsService } from './live-events.service';
import { CurrentPrincipal } from './principal.decorator';

const KEEPALIVE_MS = 25_000;

/**
 * `GET /api/stream`: Server-Sent Events of the caller's branches (and, for tasks, the kinds
 * their role works on), from every central instance. Each message's `data` is
 * `{"type":"alert"|"alert.cleared"|"task"|"device"|"checklist"|"self-service","branchId",…,"data":{…}}`;
 * alerts come in the caller's locale (`title`, `message`); a named `ready` event opens the stream and `ping` events keep proxies from closing it.
 * On shutdown every stream ends cleanly, so open streams never hold the HTTP server open.
 */
@Controller('api/stream')
export class StreamController implements OnModuleDestroy {
  /** Replays to late subscribers too: a stream opened during shutdown ends at once. */
  private readonly closing$ = new ReplaySubject<void>(1);

  constructor(private readonly events: LiveEventsService) {}

  @AllowQueryToken()
  @Sse()
  stream(@CurrentPrincipal() principal: Principal): Observable<MessageEvent> {
    const live = this.events.events$.pipe(
      filter((event) => canSeeEvent(principal, event)),
      map((event): MessageEvent => ({ data: { type: event.type, branchId: event.branchId, data: principal.locale === 'en' && event.dataEn !== undefined ? event.dataEn : event.data } })),
    );
    const pings = interval(KEEPALIVE_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} })));
    return merge(of<MessageEvent>({ type: 'ready', data: { username: principal.username } }), live, pings).pipe(takeUntil(this.closing$));
  }

  onModuleDestroy(): void {
    this.closing$.next();
    this.closing$.complete();
  }
}
