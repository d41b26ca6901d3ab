import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  DeviceListQuery,
  DeviceListQuerySchema,
  HistoryQuery,
  HistoryQuerySchema,
  IssueCommand,
  IssueCommandSchema,
  RegisterDevice,
  RegisterDeviceSchema,
  UpdateDevice,
  UpdateDeviceSchema,
} from '@lobby/contracts';
import { canSeeBranch, Principal } from '@lobby/access';
import { CommandsService, DevicesService, FleetDirectory } from '@lobby/fleet';
import { notFound } from '@lobby/platform';
import { Roles } from './auth.guard';
import { pathId } from './path-id';
import { CurrentPrincipal } from './principal.decorator';
import { ZodPipe } from './zod.pipe';

@Controller('api/devices')
export class DevicesController {
  constructor(
    private readonly devices: DevicesService,
    private readonly directory: FleetDirectory,
    private readonly commands: CommandsService,
  ) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query(new ZodPipe(DeviceListQuerySchema, 'query')) query: DeviceListQuery) {
    return this.devices.list(principal, query);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.devices.get(pathId(id, `device ${id}`), principal);
  }

  @Get(':id/history')
  async history(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query(new ZodPipe(HistoryQuerySchema, 'query')) query: HistoryQuery) {
    await this.get(principal, id);
    return this.devices.history(id, {
      from: query.from ? Date.parse(query.from) : undefined,
      to: query.to ? Date.parse(query.to) : undefined,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  @Roles('admin')
  @Post()
  register(@Body(new ZodPipe(RegisterDeviceSchema, 'body')) body: RegisterDevice) {
    return this.devices.register(body);
  }

  @Roles('admin')
  @Patch(':id')
  update(@Param('id') id: string, @Body(new ZodPipe(UpdateDeviceSchema, 'body')) body: UpdateDevice) {
    return this.devices.update(pathId(id, `device ${id}`), body);
  }

  @Roles('admin', 'lobby-manager', 'maintenance')
  @Post(':id/commands')
  @HttpCode(202)
  async command(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body(new ZodPipe(IssueCommandSchema, 'body')) body: IssueCommand) {
    const device = await this.directory.device(pathId(id, `device ${id}`));
    if (!device || !canSeeBranch(principal, device.branchId)) throw notFound(`device ${id}`);
    const command = await this.commands.issue(device, body, principal.username);
    return { id: command.id, status: command.status };
  }
}
