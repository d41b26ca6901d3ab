import { Controller, Get, Param } from '@nestjs/common';
import { Principal } from '@lobby/access';
import { CommandsService } from '@lobby/fleet';
import { CurrentPrincipal } from './principal.decorator';

@Controller('api/commands')
export class CommandsController {
  constructor(private readonly commands: CommandsService) {}

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.commands.getFor(id, principal);
  }
}
